-- Duplicate suggestions (cases/duplicates.ts) in one place for both of their callers: the case
-- page asks for one case, the create batch (create-writer.ts) for every case it writes, in the
-- same statement as the inserts — on each create, a separate look-up cost the server and the
-- database about as much as the create itself.
--
-- Same category, reported within [p_from, p_to], still open, at the same place: same room, same
-- building, same grid, or within p_radius_m metres of the point. p_scope limits the result to
-- cases located, owned or handled under one of those org paths (NULL: no limit; an empty array:
-- nothing). Not SECURITY DEFINER: the caller's row-level security applies as well.
CREATE FUNCTION case_duplicate_candidates(
  p_case_id uuid, p_tenant_code text, p_category_id uuid, p_from timestamptz, p_to timestamptz,
  p_room_id uuid, p_building_id uuid, p_grid_id uuid, p_lng double precision, p_lat double precision,
  p_radius_m double precision, p_scope text[])
RETURNS TABLE (id uuid, number text, title text, state text, created_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT d.id, d.number, d.title, d.state, d.created_at
  FROM cases d
  WHERE d.tenant_code = p_tenant_code AND d.category_id = p_category_id AND d.id <> p_case_id
    AND d.state NOT IN ('rejected', 'merged', 'archived')
    AND d.created_at >= p_from AND d.created_at <= p_to
    AND (d.room_id = p_room_id OR d.building_id = p_building_id OR d.grid_id = p_grid_id
      OR (p_radius_m > 0 AND d.lat IS NOT NULL
        AND sqrt(power((d.lat - p_lat) * 111320, 2) + power((d.lng - p_lng) * 111320 * cos(radians(p_lat)), 2)) <= p_radius_m))
    AND (p_scope IS NULL OR EXISTS (SELECT 1 FROM unnest(p_scope) s
      WHERE starts_with(d.path, s) OR starts_with(d.owner_path, s) OR starts_with(d.handler_path, s)))
  ORDER BY d.created_at DESC
  LIMIT 10
$$;
GRANT EXECUTE ON FUNCTION case_duplicate_candidates(uuid, text, uuid, timestamptz, timestamptz, uuid, uuid, uuid, double precision, double precision, double precision, text[]) TO rongzhi_app;
