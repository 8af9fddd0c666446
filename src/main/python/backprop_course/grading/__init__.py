"""The instructor's grading: student copies, grading handed-in notebooks (grade), and the sandbox each
submission's code runs in (sandbox)."""
