-- A rollback takes a version number of its own (catalog_datasets.last_version moves on, no load row): the data
-- after the rollback is a new version, so an exchange consumer that synced the rolled-back load can be told to
-- re-copy (its `since` lies between the load and the rollback) while one that synced after it carries on.
alter table catalog_dataset_loads add column rolled_back_as int;
