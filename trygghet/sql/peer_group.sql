-- The kommun's default "Liknande kommuner, övergripande" group and its members (not the kommun).
SELECT d.group_id, d.group_title, p.member_id, p.member
FROM v_default_peer_group d
JOIN v_peer_groups p USING (group_id)
WHERE d.municipality_id = $kommun AND p.member_id <> $kommun
ORDER BY p.member
