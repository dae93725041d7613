namespace Kumo.FunctionalTests.Lambda;

/// <summary>
/// An error as a client understood it: the exception type it chose (<paramref name="Name"/>), the message,
/// TooManyRequestsException's Reason, and whether the client raised its own class of that name (boto3's
/// <c>client.exceptions.X</c>, the JS SDK's <c>X</c>); null where the client has no such class (the aws CLI).
/// </summary>
internal sealed record ClientError(string Name, string Message, string? Reason, bool? RaisedAsModeledClass);
