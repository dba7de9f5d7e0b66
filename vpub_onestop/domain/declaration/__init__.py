"""Electronic declaration forms (tờ khai điện tử): a procedure version's form definition as
data, its own validator, the conditions between fields, the cleaning of the answers and
their printed text (docs/domain.md#declaration-forms). Pure: no clock, no framework."""
