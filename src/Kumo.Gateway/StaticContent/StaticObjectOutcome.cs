namespace Kumo.Gateway.StaticContent;

/// <summary>What <see cref="StaticObjectResponder"/> did with a request for an object.</summary>
internal enum StaticObjectOutcome
{
    /// <summary>The object was sent: 200, 206, 304 or the status asked for.</summary>
    Sent,

    /// <summary>There is no such object; nothing was written.</summary>
    NotFound,

    /// <summary>An <c>If-Match</c> or <c>If-Unmodified-Since</c> did not hold: the status is 412; the caller writes the body.</summary>
    PreconditionFailed,

    /// <summary>The range starts past the end: the status is 416 with <c>Content-Range: bytes */N</c>; the caller writes the body.</summary>
    RangeNotSatisfiable,
}
