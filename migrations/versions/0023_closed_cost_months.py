"""closed cost months: the cost totals of past months, kept, and forgotten by triggers when an input changes

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04

A month's totals (costs/closed_months.py) depend only on the rows the cost SQL reads (costs/day_cost.py), never
on the day they are read: each trigger below forgets the months a change can touch, so a kept month is always
what computing it again would give. tests/costs/test_closed_months.py holds every table the cost SQL reads to
having one of these triggers.
"""

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

PLACEMENT_COST_COLUMNS = ("child_id", "starts_on", "ended_on", "setting", "target_kind", "fee_level", "fee_given",
                          "fee_monthly", "allowance_given", "expense_allowance_monthly", "price_given",
                          "daily_price", "foster_home_id", "institution_id")
"""What day_cost.PLACEMENTS reads of a placement: an update of anything else (a note, the planned end, the
responsible worker) leaves its costs as they were."""

FUNCTIONS = """
CREATE FUNCTION forget_cost_months(from_day date, to_day date) RETURNS void LANGUAGE sql AS $$
    -- The kept months that share a day with [from_day, to_day) (to_day null: every month from from_day on).
    DELETE FROM cost_months_kept
    WHERE month >= date_trunc('month', from_day)::date AND (to_day IS NULL OR month < to_day)
$$;

CREATE FUNCTION forget_placement_cost_months(placement uuid) RETURNS void LANGUAGE sql AS $$
    -- Every month a placement has a care day or an extra line in.
    SELECT forget_cost_months(least(pl.starts_on, x.first_day),
                              CASE WHEN pl.ended_on IS NOT NULL AND NOT x.open_ended
                                   THEN greatest(pl.ended_on, x.after_last_day) END)
    FROM placements pl
    CROSS JOIN LATERAL (SELECT min(starts_on) AS first_day,
                               max(coalesce(ends_on, starts_on) + 1) AS after_last_day,
                               coalesce(bool_or(recurrence = 'monthly' AND ends_on IS NULL), false) AS open_ended
                        FROM placement_extra_costs WHERE placement_id = pl.id) AS x
    WHERE pl.id = placement
$$;

CREATE FUNCTION forget_cost_months_of_placement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND ({old_columns}) IS NOT DISTINCT FROM ({new_columns}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM forget_cost_months(OLD.starts_on, OLD.ended_on);  -- the days it had
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM forget_placement_cost_months(NEW.id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION forget_cost_months_of_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.birth_date IS DISTINCT FROM NEW.birth_date THEN
        PERFORM forget_placement_cost_months(pl.id) FROM placements pl WHERE pl.child_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION forget_cost_months_of_home() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.agency_id, OLD.contract_level) IS DISTINCT FROM (NEW.agency_id, NEW.contract_level) THEN
        PERFORM forget_placement_cost_months(pl.id) FROM placements pl WHERE pl.foster_home_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION forget_cost_months_of_household_adult() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The first adult's age sets the employer's social fees of the home's placements.
    IF TG_OP <> 'INSERT' THEN
        PERFORM forget_placement_cost_months(pl.id) FROM placements pl WHERE pl.foster_home_id = OLD.home_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM forget_placement_cost_months(pl.id) FROM placements pl WHERE pl.foster_home_id = NEW.home_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION forget_cost_months_of_extra_line() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- An extra line's own months (its placement may be gone: a delete cascades), and its placement's.
    IF TG_OP <> 'INSERT' THEN
        PERFORM forget_cost_months(OLD.starts_on, coalesce(OLD.ends_on, CASE WHEN OLD.recurrence = 'once'
                                                                             THEN OLD.starts_on END) + 1);
        PERFORM forget_placement_cost_months(OLD.placement_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM forget_placement_cost_months(NEW.placement_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION forget_cost_months_of_fee_level() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A fee level change: its placement's months, as they were and as they are.
    IF TG_OP <> 'INSERT' THEN
        PERFORM forget_placement_cost_months(OLD.placement_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM forget_placement_cost_months(NEW.placement_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION forget_all_cost_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A price list changed: rare, and it may touch any placement.
    DELETE FROM cost_months_kept;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER forget_cost_months AFTER INSERT OR UPDATE OR DELETE ON placements
    FOR EACH ROW EXECUTE FUNCTION forget_cost_months_of_placement();
CREATE TRIGGER forget_cost_months AFTER UPDATE ON children
    FOR EACH ROW EXECUTE FUNCTION forget_cost_months_of_child();
CREATE TRIGGER forget_cost_months AFTER UPDATE ON foster_homes
    FOR EACH ROW EXECUTE FUNCTION forget_cost_months_of_home();
CREATE TRIGGER forget_cost_months AFTER INSERT OR UPDATE OR DELETE ON household_adults
    FOR EACH ROW EXECUTE FUNCTION forget_cost_months_of_household_adult();
CREATE TRIGGER forget_cost_months AFTER INSERT OR UPDATE OR DELETE ON placement_extra_costs
    FOR EACH ROW EXECUTE FUNCTION forget_cost_months_of_extra_line();
CREATE TRIGGER forget_cost_months AFTER INSERT OR UPDATE OR DELETE ON placement_fee_levels
    FOR EACH ROW EXECUTE FUNCTION forget_cost_months_of_fee_level();
"""

PRICE_TABLES = ("rate_cards", "agency_contracts", "agency_contract_prices", "institution_prices")


def upgrade() -> None:
    op.execute("""
        CREATE TABLE cost_months_kept (
            month date PRIMARY KEY CONSTRAINT ck_cost_months_kept_first_of_month CHECK (date_part('day', month) = 1),
            kept_at timestamptz NOT NULL DEFAULT now()
        )""")
    op.execute("""
        CREATE TABLE cost_month_totals (
            month date NOT NULL REFERENCES cost_months_kept (month) ON DELETE CASCADE,
            category text,
            total numeric(16, 2) NOT NULL,
            care_days integer NOT NULL,
            children integer NOT NULL
        )""")
    op.execute("CREATE UNIQUE INDEX uq_cost_month_totals ON cost_month_totals (month, coalesce(category, ''))")
    old_columns = ", ".join(f"OLD.{column}" for column in PLACEMENT_COST_COLUMNS)
    new_columns = ", ".join(f"NEW.{column}" for column in PLACEMENT_COST_COLUMNS)
    functions = FUNCTIONS.replace("{old_columns}", old_columns).replace("{new_columns}", new_columns)
    for statement in (*functions.split("\n\n"), *TRIGGERS.strip().split(";\n")):  # one command at a time
        op.execute(statement)
    for table in PRICE_TABLES:
        op.execute(f"CREATE TRIGGER forget_cost_months AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION forget_all_cost_months()")


def downgrade() -> None:
    for table in ("placements", "children", "foster_homes", "household_adults", "placement_extra_costs",
                  "placement_fee_levels", *PRICE_TABLES):
        op.execute(f"DROP TRIGGER forget_cost_months ON {table}")
    for function in ("forget_all_cost_months()", "forget_cost_months_of_fee_level()", "forget_cost_months_of_extra_line()",
                     "forget_cost_months_of_household_adult()", "forget_cost_months_of_home()",
                     "forget_cost_months_of_child()", "forget_cost_months_of_placement()",
                     "forget_placement_cost_months(uuid)", "forget_cost_months(date, date)"):
        op.execute(f"DROP FUNCTION {function}")
    op.execute("DROP TABLE cost_month_totals")
    op.execute("DROP TABLE cost_months_kept")
