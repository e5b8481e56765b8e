/**
 * The shape of an OCID: `ocid1.<resource type>.<realm>.[region][.future use].<unique ID>`, in lower case. One home
 * for it, so the config loader and the import-ID check accept the same identifiers.
 * @param types the resource types accepted, as a regular-expression alternation (`"tenancy|compartment"`)
 * @see https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm
 */
export const OCID = (types: string) =>
  new RegExp(`^ocid1\\.(?:${types})\\.oc[0-9]+\\.[a-z0-9-]*(?:\\.[a-z0-9-]+)?\\.[a-z0-9]{10,}$`);
