package dev.proctor.format;

/** The {@code data} of an event; each event type has exactly one record class. */
public sealed interface EventData
    permits SessionOpen,
        ExchangeRequest,
        ExchangeResponse,
        ExchangeChunk,
        ExchangeEnd,
        SessionClose {}
