package dev.proctor.review.charts;

import java.time.LocalDate;
import java.util.Map;

/**
 * What the charts show.
 *
 * @param sessionsByDayAndUser sessions started per day (UTC), per user
 * @param sessionsByConnection sessions per connection
 * @param findingsByRule secrets found per rule
 */
public record Activity(
    Map<LocalDate, Map<String, Long>> sessionsByDayAndUser,
    Map<String, Long> sessionsByConnection,
    Map<String, Long> findingsByRule) {}
