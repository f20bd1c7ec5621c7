"""confnotes: conference notes to tidy pandas DataFrames."""
