"""What the learner works with: their workspace, the exercises in it, hints, and their progress."""
