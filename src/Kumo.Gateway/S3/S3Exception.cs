namespace Kumo.Gateway.S3;

/// <summary>
/// Carries an <see cref="S3Error"/> out of a place that can only throw: a request body stream that finds a wrong
/// checksum or a malformed chunk at its end, so that the store's write fails before it commits.
/// </summary>
internal sealed class S3Exception(S3Error error) : IOException(error.Message)
{
    /// <summary>The answer to give.</summary>
    public S3Error Error { get; } = error;

    /// <summary>The <see cref="S3Exception"/> in <paramref name="exception"/> or its inner exceptions (a store may wrap what the body threw).</summary>
    public static S3Exception? Find(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++)
        {
            switch (exception)
            {
                case S3Exception found:
                    return found;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    break;
                default:
                    exception = exception.InnerException;
                    break;
            }
        }

        return null;
    }
}
