"""Plain data types shared by every layer: nutrients, units, meals, profiles, errors. No I/O here."""
