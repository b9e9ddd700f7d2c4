// Placeholder until the registry lands: generates registry/generated/ from kubernetes-types.
