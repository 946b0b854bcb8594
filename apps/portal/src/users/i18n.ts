/**
 * The user administration pages, in Simplified Chinese and English. Plain data with no imports: `web/i18n.ts`
 * composes every feature's words into the one dictionary behind `t()`.
 */
export const zh = {
  'users.title': '用户管理',
  'users.inviteCommission': '添加消保委用户',
  'users.inviteCommissionHint': '企业用户在该企业的管理页添加，联络站操作员在该联络站的管理页添加。',
  'users.intro': '消保委、联络站和各企业的全部用户。停用账号或更改角色、密码后，对方会立即退出登录。',
  'users.status': '状态',
  'users.active': '正常',
  'users.disabled': '已停用',
  'users.manage': '管理',
  'users.back': '返回用户列表',
  'users.changeRole': '更改角色',
  'users.changeRoleHint': '更改后对方会立即退出登录，重新登录后按新角色使用。',
  'users.changeRoleSubmit': '保存角色',
  'users.resetPassword': '重设密码',
  'users.newPassword': '新密码',
  'users.resetHint': '至少 10 位。对方会立即退出登录，请把新密码告知对方。',
  'users.resetSubmit': '设置新密码',
  'users.disable': '停用账号',
  'users.enable': '重新启用',
  'users.cancel': '取消',
  'users.confirmDisableTitle': '停用用户',
  'users.confirmDisable': '确定停用 {name}（{email}）？对方会立即退出登录，重新启用之前无法登录。',
  'users.confirmDisableSubmit': '确认停用',
  'flash.userDisabled': '已停用 {email}，其登录已失效。',
  'flash.userEnabled': '已重新启用 {email}。',
  'flash.roleChanged': '已更改 {email} 的角色，其登录已失效。',
  'flash.passwordReset': '已为 {email} 设置新密码，其登录已失效。',
  'flash.lastAdmin': '这是最后一位在用的管理员，不能停用或更改角色：请先指定另一位管理员。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'users.title': 'Users',
  'users.inviteCommission': 'Add a commission user',
  'users.inviteCommissionHint':
    "A merchant's users are added on the merchant's admin page, a station's operators on the station's.",
  'users.intro':
    'Everyone at the commission, the liaison stations and the merchants. Disabling an account or changing its role or password signs the person out at once.',
  'users.status': 'Status',
  'users.active': 'Active',
  'users.disabled': 'Disabled',
  'users.manage': 'Manage',
  'users.back': 'Back to the users',
  'users.changeRole': 'Change the role',
  'users.changeRoleHint': 'The person is signed out at once and signs in again with the new role.',
  'users.changeRoleSubmit': 'Save the role',
  'users.resetPassword': 'Set a new password',
  'users.newPassword': 'New password',
  'users.resetHint': 'At least 10 characters. The person is signed out at once: tell them the new password.',
  'users.resetSubmit': 'Set the password',
  'users.disable': 'Disable the account',
  'users.enable': 'Enable again',
  'users.cancel': 'Cancel',
  'users.confirmDisableTitle': 'Disable a user',
  'users.confirmDisable':
    'Disable {name} ({email})? They are signed out at once and cannot sign in until enabled again.',
  'users.confirmDisableSubmit': 'Disable',
  'flash.userDisabled': '{email} is disabled and signed out.',
  'flash.userEnabled': '{email} can sign in again.',
  'flash.roleChanged': 'The role of {email} was changed; they are signed out.',
  'flash.passwordReset': 'A new password is set for {email}; they are signed out.',
  'flash.lastAdmin':
    'This is the last active admin: they cannot be disabled or given another role. Make another admin first.',
};
