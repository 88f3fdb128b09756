"""The organisation tree (tỉnh → sở, ban, ngành / UBND cấp huyện → UBND cấp xã), users' units and roles."""
