"""From articles to stories: duplicates and related reports, ranking, and the edition memory."""
