using System.ClientModel.Primitives;

namespace Runflow.AI.Extensions.Emulator;

/// <summary>The authentication of an upstream that needs no key: the request goes as it is, without an <c>Authorization</c> header.</summary>
internal sealed class RunflowEmulatorNoAuthenticationPolicy : AuthenticationPolicy
{
    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNext(message, pipeline, currentIndex);

    /// <inheritdoc />
    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessNextAsync(message, pipeline, currentIndex);
}
