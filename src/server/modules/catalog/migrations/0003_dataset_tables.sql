-- 数据中心 storage, second design: each dataset gets a table of its own, catalog_ds_<dataset id>, with one text
-- column per 信息项 (c1, c2, … in the order names first appeared; catalog_datasets.stored_columns names them).
-- Why: a load streams rows into that table with COPY, as text, the way PostgreSQL reads fastest, instead of
-- building a jsonb document per row (that build was most of the database's share of a large load); and a read
-- filters a real column. Rows keep their versions as before: _from is the load that wrote the row, _to the load
-- that replaced or deleted it (null while current); _row is the row of the file it came from. Placeholder rows
-- with a negative _from exist only inside a running load (keys of rejected rows) and never commit.
alter table catalog_datasets add column stored_columns text[] not null default '{}';

-- Adds columns c<p_from+1> … c<p_to> (a resource gained 信息项).
create function catalog_dataset_table_widen(p_dataset int, p_from int, p_to int) returns void
language plpgsql as $$
begin
  for i in p_from + 1 .. p_to loop
    execute format('alter table catalog_ds_%s add column c%s text', p_dataset, i);
  end loop;
end $$;

-- The table of one dataset with p_columns value columns. Indexes: _key (current row of a key, key order for
-- paging), BRIN on _from (rows of a load lie together: rollback and the change feed), _to where set (closed rows).
create function catalog_dataset_table_create(p_dataset int, p_columns int) returns void
language plpgsql as $$
begin
  execute format('create table catalog_ds_%s (_key text not null, _from int not null, _to int, _row int not null)',
                 p_dataset);
  perform catalog_dataset_table_widen(p_dataset, 0, p_columns);
  execute format('create index catalog_ds_%s_key on catalog_ds_%s (_key)', p_dataset, p_dataset);
  execute format('create index catalog_ds_%s_from on catalog_ds_%s using brin (_from)', p_dataset, p_dataset);
  execute format('create index catalog_ds_%s_to on catalog_ds_%s (_to) where _to is not null', p_dataset, p_dataset);
end $$;

-- Existing datasets move over with every version of every row.
do $$
declare
  d record;
  cells text;
begin
  for d in select id, columns from catalog_datasets order by id loop
    perform catalog_dataset_table_create(d.id, coalesce(array_length(d.columns, 1), 0));
    select coalesce(string_agg(format(', data ->> %L', d.columns[i]), '' order by i), '')
      into cells from generate_subscripts(d.columns, 1) as i;
    execute format(
      'insert into catalog_ds_%s select key, valid_from_load, valid_to_load, 0 %s from catalog_dataset_rows where dataset_id = %s',
      d.id, cells, d.id);
    update catalog_datasets set stored_columns = columns where id = d.id;
  end loop;
end $$;

drop table catalog_dataset_rows;
