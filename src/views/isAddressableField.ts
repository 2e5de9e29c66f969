/**
 * Whether SQLite's JSON paths can address a payload key exactly. A key with a NUL (U+0000) cannot:
 * SQLite compares path labels only up to the NUL, so `$."a\u0000b"` would read key `"a"` or
 * `"a\u0000c"`. Such a field gets no view column (a wrong value is worse than none); it stays in the
 * stored payload, readable with `json_each(payload)`.
 */
export const isAddressableField = (field: string): boolean => !field.includes('\u0000');
