"""Om data: sources, licences, freshness, errata, the verdict rule and coverage for the kommun."""
