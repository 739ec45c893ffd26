"""The Diary screen: the day view and its model, adding food, amounts, entry dialogs and the side panels."""
