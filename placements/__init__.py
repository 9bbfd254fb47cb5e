"""Children, needs, network, placement requests, placements, statutory follow-ups, costs and budget.

Built from the next issues on; the package exists now so the layout and the dependency rules are fixed.
"""
