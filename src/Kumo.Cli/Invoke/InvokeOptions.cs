namespace Kumo.Cli.Invoke;

/// <summary>What <c>kumo invoke</c> was asked to do, once its command line is read.</summary>
/// <param name="FunctionName">The function's name or ARN.</param>
/// <param name="Payload">The event, already checked to be JSON.</param>
/// <param name="ShowLog">Print the log tail to standard error.</param>
/// <param name="AsJson">Print the whole answer as JSON.</param>
internal sealed record InvokeOptions(string FunctionName, byte[] Payload, bool ShowLog, bool AsJson);
