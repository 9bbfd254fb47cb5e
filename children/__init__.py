"""The child: record, needs, wishes, siblings, network members and examinations, and who may see where it lives."""
