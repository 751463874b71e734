package dev.proctor.format;

/**
 * The {@code data} of an event; each event type has exactly one record class. Session chains hold
 * the session and exchange events; the audit chain holds {@link AccessTransition}s.
 */
public sealed interface EventData
    permits SessionOpen,
        ExchangeRequest,
        ExchangeResponse,
        ExchangeChunk,
        ExchangeEnd,
        SessionClose,
        AccessTransition {}
