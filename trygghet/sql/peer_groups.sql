-- Every kommun's default "Liknande kommuner, övergripande" group and its members (not the
-- kommun itself), read once and looked up per kommun.
SELECT d.municipality_id, d.group_id, d.group_title, p.member_id, p.member
FROM v_default_peer_group d
JOIN v_peer_groups p USING (group_id)
WHERE p.member_id <> d.municipality_id
ORDER BY d.municipality_id, p.member
