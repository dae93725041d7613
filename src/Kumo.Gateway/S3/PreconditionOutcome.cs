namespace Kumo.Gateway.S3;

/// <summary>What to do about a request's conditions (see <see cref="Preconditions"/>).</summary>
internal enum PreconditionOutcome
{
    /// <summary>Serve the request.</summary>
    Proceed,

    /// <summary>304 Not Modified (GET and HEAD).</summary>
    NotModified,

    /// <summary>412 Precondition Failed.</summary>
    Failed,
}
