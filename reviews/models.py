"""Child-in-care reviews, IRO work and dispute resolution: built on the care history."""
