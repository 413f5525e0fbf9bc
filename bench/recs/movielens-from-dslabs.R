# Real MovieLens ratings without the network: Debian's r-cran-dslabs ships `movielens`, the 2016
# ml-latest-small (671 users, 9,066 movies, 100,004 ratings with their timestamps). This writes it in
# ml-latest-small's own format (ratings.csv, movies.csv with the year in the title), for
#   seed recs eval --movielens DIR   and   npx tsx bench/recs/recs.ts --movielens DIR
# Usage: apt-get install -y --no-install-recommends r-cran-dslabs
#        Rscript bench/recs/movielens-from-dslabs.R /tmp/ml-latest-small-2016
# The data is not committed: MovieLens' terms do not allow redistributing it.
library(dslabs)
data(movielens)
out <- commandArgs(trailingOnly = TRUE)[1]
if (is.na(out)) stop("usage: Rscript movielens-from-dslabs.R OUT_DIR")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
r <- movielens[, c("userId", "movieId", "rating", "timestamp")]
write.csv(r, file.path(out, "ratings.csv"), row.names = FALSE, quote = FALSE)
m <- unique(movielens[, c("movieId", "title", "year", "genres")])
m$title <- ifelse(is.na(m$year), m$title, paste0(m$title, " (", m$year, ")"))
m <- m[order(m$movieId), c("movieId", "title", "genres")]
con <- file(file.path(out, "movies.csv"), "w")
writeLines("movieId,title,genres", con)
write.table(m, con, sep = ",", row.names = FALSE, col.names = FALSE, qmethod = "double")
close(con)
