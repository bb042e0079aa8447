"""Facts of the reproduce page: versions, data, and each experiment's provenance."""

from generator.site.facts import SiteInputs

EXPERIMENTS = ()


def facts(inputs: SiteInputs):
    """The provenance itself: what the page lists is what the build recorded."""
    return inputs.provenance
