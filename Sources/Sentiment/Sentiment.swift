// Sentiment: filled in by its issue.
import Model
