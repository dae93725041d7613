// The public contract of Amazon.Lambda.Core as AWS documents it; a stand-in for tests, not AWS's code.
namespace Amazon.Lambda.Core;

public interface ILambdaContext
{
    string AwsRequestId { get; }

    IClientContext ClientContext { get; }

    string FunctionName { get; }

    string FunctionVersion { get; }

    ICognitoIdentity Identity { get; }

    string InvokedFunctionArn { get; }

    ILambdaLogger Logger { get; }

    string LogGroupName { get; }

    string LogStreamName { get; }

    int MemoryLimitInMB { get; }

    TimeSpan RemainingTime { get; }
}

public interface ILambdaLogger
{
    void Log(string message);

    void LogLine(string message);
}

public interface ILambdaSerializer
{
    T Deserialize<T>(Stream requestStream);

    void Serialize<T>(T response, Stream responseStream);
}

public interface ICognitoIdentity
{
    string IdentityId { get; }

    string IdentityPoolId { get; }
}

public interface IClientContext
{
    IDictionary<string, string> Environment { get; }

    IDictionary<string, string> Custom { get; }
}

[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Method)]
public sealed class LambdaSerializerAttribute(Type serializerType) : Attribute
{
    public Type SerializerType { get; } = serializerType;
}
