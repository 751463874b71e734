package dev.proctor.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code type} field of an event, and the record class its {@code data} decodes to. */
public enum EventType implements WireEnum.Named {
  SESSION_OPEN("session.open", SessionOpen.class),
  EXCHANGE_REQUEST("exchange.request", ExchangeRequest.class),
  EXCHANGE_RESPONSE("exchange.response", ExchangeResponse.class),
  EXCHANGE_CHUNK("exchange.chunk", ExchangeChunk.class),
  EXCHANGE_END("exchange.end", ExchangeEnd.class),
  SESSION_CLOSE("session.close", SessionClose.class),
  ACCESS_TRANSITION("access.transition", AccessTransition.class);

  private final String wireName;
  private final Class<? extends EventData> dataType;

  EventType(String wireName, Class<? extends EventData> dataType) {
    this.wireName = wireName;
    this.dataType = dataType;
  }

  @Override
  @JsonValue
  public String wireName() {
    return wireName;
  }

  public Class<? extends EventData> dataType() {
    return dataType;
  }

  @JsonCreator
  public static EventType of(String wireName) {
    return WireEnum.parse(EventType.class, wireName);
  }

  public static EventType of(EventData data) {
    return switch (data) {
      case SessionOpen ignored -> SESSION_OPEN;
      case ExchangeRequest ignored -> EXCHANGE_REQUEST;
      case ExchangeResponse ignored -> EXCHANGE_RESPONSE;
      case ExchangeChunk ignored -> EXCHANGE_CHUNK;
      case ExchangeEnd ignored -> EXCHANGE_END;
      case SessionClose ignored -> SESSION_CLOSE;
      case AccessTransition ignored -> ACCESS_TRANSITION;
    };
  }
}
