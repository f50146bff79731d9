"""Which terms of a track are running at a stage: the procedure as a graph.

A term starts when the case enters its rule's stage and runs until the case reaches one
of the rule's meeting stages (`met_by`). So at a later stage a term is still running when
some path of allowed moves leads from its starting stage to that stage without passing
a meeting stage: the six-month decision term runs through the rest period, the general
and the extended procedure, but not past a negative decision. A case opened at a later
stage must be given the start dates of those terms (the case-open form asks for them).
Works on ids, so the data migration can use it with historical models.
"""

from collections import defaultdict, deque


class Graph:
    def __init__(self, edges):
        self.next = defaultdict(set)
        for source, target in edges:
            self.next[source].add(target)

    def reaches(self, start, target, blocked: set) -> bool:
        seen, queue = {start}, deque([start])
        while queue:
            node = queue.popleft()
            for following in self.next[node]:
                if following in blocked or following in seen:
                    continue
                if following == target:
                    return True
                seen.add(following)
                queue.append(following)
        return False

    def running_at(self, stage_id, rules, met_by: dict) -> list:
        """Rules (any objects with `pk` and `stage_id`) whose term runs at `stage_id`:
        the stage's own and the earlier ones still unmet on some path to it."""
        return [rule for rule in rules
                if rule.stage_id == stage_id
                or (stage_id not in met_by.get(rule.pk, set())
                    and self.reaches(rule.stage_id, stage_id, met_by.get(rule.pk, set())))]


def running_rules(stage):
    """The deadline rules running when a case is at `stage` (real models)."""
    from asylon.casework.models import DeadlineRule, Transition
    rules = list(DeadlineRule.objects.filter(track_id=stage.track_id)
                 .select_related("stage", "track").prefetch_related("met_by"))
    met_by = {rule.pk: {s.pk for s in rule.met_by.all()} for rule in rules}
    graph = Graph(Transition.objects.filter(track_id=stage.track_id)
                  .values_list("from_stage_id", "to_stage_id"))
    return graph.running_at(stage.pk, rules, met_by)


def earlier_rules(stage):
    """The running rules that started before `stage`: their start dates are asked for
    when a case is opened at `stage`."""
    return [rule for rule in running_rules(stage) if rule.stage_id != stage.pk]
