"""My foods: the list of custom foods, supplements and recipes and their editors."""
