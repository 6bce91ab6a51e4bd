package dev.dpm.content.car;

import dev.dpm.content.ContentException;

/** A CAR stream that is not valid CARv1; the message says where (header, section offset). */
public final class CarFormatException extends ContentException {
    public CarFormatException(String message) {
        super(message);
    }
}
