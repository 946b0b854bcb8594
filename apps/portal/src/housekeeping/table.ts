/** A background job's claim: the worker holding it runs the job; nobody else until `lease_until`. */
export interface JobLeaseTable {
  name: string;
  owner: string;
  lease_until: number;
  updated_at: number;
}
