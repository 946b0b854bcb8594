export interface CategoryTable {
  code: string;
  name_zh: string;
  name_en: string;
}
export interface TagTable {
  code: string;
  name_zh: string;
  name_en: string;
}
