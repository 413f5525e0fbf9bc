library(dslabs)
data(movielens)
out <- commandArgs(trailingOnly = TRUE)[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
r <- movielens[, c("userId", "movieId", "rating", "timestamp")]
write.csv(r, file.path(out, "ratings.csv"), row.names = FALSE, quote = FALSE)
m <- unique(movielens[, c("movieId", "title", "year", "genres")])
m$title <- ifelse(is.na(m$year), m$title, paste0(m$title, " (", m$year, ")"))
m <- m[order(m$movieId), c("movieId", "title", "genres")]
con <- file(file.path(out, "movies.csv"), "w"); writeLines("movieId,title,genres", con); write.table(m, con, sep = ",", row.names = FALSE, col.names = FALSE, qmethod = "double"); close(con)
