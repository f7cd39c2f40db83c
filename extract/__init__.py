"""The extraction pipeline: read → normalise → split reports → sections → facts → indicators → audit."""
