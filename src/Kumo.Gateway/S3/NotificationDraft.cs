namespace Kumo.Gateway.S3;

/// <summary>One <c>CloudFunctionConfiguration</c> as the request wrote it, before it is checked.</summary>
internal sealed record NotificationDraft
{
    /// <summary>The <c>Id</c>, if given.</summary>
    public string? Id { get; init; }

    /// <summary>The <c>CloudFunction</c> (the function's ARN), if given.</summary>
    public string? CloudFunction { get; init; }

    /// <summary>The <c>Event</c> elements, in order.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>The <c>Filter/S3Key/FilterRule</c> elements' <c>Name</c> and <c>Value</c>, in order.</summary>
    public IReadOnlyList<(string Name, string Value)> FilterRules { get; init; } = [];
}
