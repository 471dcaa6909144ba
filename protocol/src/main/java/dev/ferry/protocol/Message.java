package dev.ferry.protocol;

/** Anything carried in a frame's header: a request or a response. */
public sealed interface Message permits Request, Response {
}
