"""Course delivery, quizzes, community and certificates arrive with their issues."""
