# Reference values for packages/core/src/ears.test.ts, computed by the R package `surveillance`
# (function earsC), the standard EARS implementation. Not run in CI: run it by hand after
#   apt-get install r-cran-surveillance   (about 650 packages)
# from this folder:  Rscript reference.R > reference.json
suppressPackageStartupMessages({ library(surveillance); library(jsonlite) })

set.seed(20261203)
cfpb <- fromJSON("cfpb-2019-daily.json")$counts
series <- list(
  hand = c(3, 5, 4, 6, 5, 4, 5, 6, 4, 5, 12, 5, 6, 4, 15, 14, 5),
  poisson5 = rpois(60, 5),
  poisson5_spike = { s <- rpois(60, 5); s[40] <- s[40] + 12; s[50:52] <- s[50:52] + c(4, 8, 12); s },
  quiet = c(0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 3, 0),
  cfpb2019_q1 = cfpb[1:90]
)
cases <- list()
for (name in names(series)) {
  y <- series[[name]]
  for (method in c("C1", "C2", "C3")) {
    for (minSigma in c(0, 1)) {
      if (name == "quiet" && minSigma == 0) next  # sd 0 baselines: R divides by zero
      for (baseline in c(7, 5)) {
        alpha <- if (method == "C3") 0.025 else 0.001
        s <- earsC(sts(observed = y), control = list(method = method, baseline = baseline, minSigma = minSigma, alpha = alpha))
        range <- seq(from = length(y) - nrow(s@observed) + 1, to = length(y))
        cases[[length(cases) + 1]] <- list(
          series = name, method = method, baseline = baseline, alpha = alpha, minSigma = minSigma,
          range = range, upperbound = as.vector(s@upperbound), alarm = as.vector(s@alarm)
        )
      }
    }
  }
}
cat(toJSON(list(
  generatedBy = paste("surveillance", packageVersion("surveillance"), "on", R.version.string),
  qnorm = list(p = c(0.999, 0.975, 0.95, 0.99, 0.9999), q = qnorm(c(0.999, 0.975, 0.95, 0.99, 0.9999))),
  series = series, cases = cases
), digits = NA, auto_unbox = TRUE))
cat("\n")
