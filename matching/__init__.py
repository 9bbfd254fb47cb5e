"""The matching engine (pure Python over plain data) and its service adapter. Built in the matching issue."""
