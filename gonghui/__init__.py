"""Gonghui (工会): the platform on which a city federation of trade unions runs its year's work."""
