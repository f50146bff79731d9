"""The domain map as an import-linter contract type (configured in pyproject.toml).

`domain_boundaries`: every subpackage of `container` that is not named in `platform` is a
domain app, found in the import graph, so an app added under asylon/ is covered without
a line of configuration. A module of one domain may import, of another domain, only the
modules named in `public` (services, selectors, registration, hooks). Modules of a domain
named in `relations` (models, migrations: foreign keys need the other model) may also
import another domain's `models`. Modules under `exempt` (tests, which assemble the whole
world, and operator tooling such as benchmarks) are not checked.

A plain module (no Django): import-linter imports it to read the contract type.
"""

from importlinter import Contract, ContractCheck, fields, output


class DomainBoundaryContract(Contract):
    type_name = "domain_boundaries"

    container = fields.StringField()
    platform = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    relations = fields.ListField(subfield=fields.StringField(), required=False)
    exempt = fields.ListField(subfield=fields.StringField(), required=False)

    def _domains(self, graph) -> set[str]:
        prefix = self.container + "."
        tops = {m.split(".")[1] for m in graph.modules if m.startswith(prefix)}
        return {top for top in tops
                if top not in self.platform
                and any(m.startswith(f"{prefix}{top}.") for m in graph.modules)}

    def check(self, graph, verbose: bool) -> ContractCheck:
        domains = self._domains(graph)
        relations = set(self.relations or ())
        exempt = set(self.exempt or ())
        public = set(self.public)
        violations = []
        for importer in sorted(graph.modules):
            parts = importer.split(".")
            if parts[0] != self.container or len(parts) < 2 or parts[1] not in domains:
                continue
            if len(parts) > 2 and parts[2] in exempt:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = imported.split(".")
                if target[0] != self.container or len(target) < 3:
                    continue
                if target[1] not in domains or target[1] == parts[1]:
                    continue
                if target[2] in public:
                    continue
                if target[2] == "models" and len(parts) > 2 and parts[2] in relations:
                    continue
                lines = sorted({d["line_number"] for d in graph.get_import_details(
                    importer=importer, imported=imported)})
                violations.append((importer, imported, lines))
        if verbose:
            output.verbose_print(verbose, f"Domains: {', '.join(sorted(domains))}")
        return ContractCheck(kept=not violations, metadata={
            "violations": violations, "domains": sorted(domains)})

    def render_broken_contract(self, check: ContractCheck) -> None:
        public = ", ".join(self.public)
        for importer, imported, lines in check.metadata["violations"]:
            where = ", ".join(f"l.{n}" for n in lines)
            output.print_error(f"{importer} -> {imported} ({where})", bold=False)
        output.new_line()
        output.print(f"Reach another domain through its {public} modules only.")
