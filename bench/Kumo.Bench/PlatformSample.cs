namespace Kumo.Bench;

/// <summary>Warm round trips through the platform's layers, in milliseconds, each measured in the same run.</summary>
internal sealed record PlatformSample(
    List<double> GrainHop,
    List<double> Invoker,
    List<double> LambdaHttp,
    List<double> BareHttp);
