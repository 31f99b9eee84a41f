package io.jcri.adapters.cri;

import io.jcri.cri.v1.ImageServiceGrpc;

/**
 * CRI ImageService. Every RPC answers UNIMPLEMENTED naming the method (grpc's generated base does
 * that) until the images issue lands.
 */
final class GrpcImageService extends ImageServiceGrpc.ImageServiceImplBase {}
