"""Charts: matplotlib Figures built from engine output, without pyplot and without Qt."""
