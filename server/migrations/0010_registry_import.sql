-- Registry import throughput (issue 4; measured with bench/registry.ts, see
-- modules/registry/README.md "Import").
--
-- rz_bigrams() feeds the generated bigram columns (reg_persons.name_grams, the address_grams of
-- households, rooms, buildings, entities), so it runs for every row written — by an import, by
-- COPY, by a form. The SQL version (array_agg(DISTINCT …) over generate_series) was not
-- inlinable (a sub-select) and cost ~8 µs per name, about a tenth of the server's work per
-- imported person. Same results, same order (distinct, sorted by the default collation, as
-- array_agg(DISTINCT) returns them): short texts — names — are built by a sorted insertion in
-- PL/pgSQL (~2 µs per name); longer texts — addresses — keep the set-based form, which is
-- faster there than the quadratic insertion.
CREATE OR REPLACE FUNCTION rz_bigrams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
  n int := char_length(t);
  lt text;
  out text[];
  g text;
  k int;
  m int;
BEGIN
  IF n = 0 THEN RETURN '{}'::text[]; END IF;
  lt := lower(t);
  IF n = 1 THEN RETURN ARRAY[lt]; END IF;
  IF n > 8 THEN
    RETURN (SELECT array_agg(DISTINCT substr(lt, i, 2)) FROM generate_series(1, n - 1) AS i);
  END IF;
  out := ARRAY[substr(lt, 1, 2)];
  m := 1;
  FOR i IN 2 .. n - 1 LOOP
    g := substr(lt, i, 2);
    k := 1;
    WHILE k <= m AND out[k] < g LOOP k := k + 1; END LOOP;
    IF k > m THEN
      out[k] := g; m := m + 1;
    ELSIF out[k] <> g THEN
      out := out[1:k-1] || g || out[k:m]; m := m + 1;
    END IF;
  END LOOP;
  RETURN out;
END
$$;
