// The dense vehicle layer: a MapLibre custom layer drawing every vehicle as one point sprite,
// the same arrow (or dot) the symbol layer uses, turned to its heading and coloured by status.
// An update is three typed arrays handed to the GPU (bufferData); nothing is tiled or placed,
// so 50,000 moving vehicles cost the map one draw call per frame.
import type maplibregl from 'maplibre-gl';
import type { CustomLayerInterface, CustomRenderMethodInput } from 'maplibre-gl';
import { translated, type DenseFleet } from './dense.js';
import { arrowIcon, dotIcon, ICON_PIXEL_RATIO } from './icons.js';

export const DENSE_LAYER = 'fleet-vehicles-dense';
/** The icons' size in CSS pixels, as the symbol layer draws them. */
const ICON_CSS_PX = 48 / ICON_PIXEL_RATIO;
/** The symbol layer's halo: 1.5 CSS pixels, in the SDF's alpha (8 image pixels of distance over 0.75). */
const HALO_EDGE = 0.75 - (1.5 * ICON_PIXEL_RATIO) / 8;

const VERTEX = `
attribute vec2 a_pos;
attribute vec4 a_color;
attribute float a_heading;
uniform mat4 u_matrix;
uniform float u_size;
uniform float u_bearing;
varying vec4 v_color;
varying float v_dot;
varying float v_angle;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_size;
  v_color = a_color;
  v_dot = a_heading < 0.0 ? 1.0 : 0.0;
  v_angle = radians(max(a_heading, 0.0)) - u_bearing;
}`;

// The atlas holds the arrow (left half) and the dot (right half) as signed distance fields.
const FRAGMENT = `
precision mediump float;
uniform sampler2D u_atlas;
uniform vec4 u_halo;
uniform float u_halo_edge;
varying vec4 v_color;
varying float v_dot;
varying float v_angle;
void main() {
  vec2 p = gl_PointCoord - 0.5;
  float c = cos(v_angle);
  float s = sin(v_angle);
  vec2 q = vec2(c * p.x + s * p.y, c * p.y - s * p.x) + 0.5;
  if (q.x < 0.0 || q.x > 1.0 || q.y < 0.0 || q.y > 1.0) discard;
  float a = texture2D(u_atlas, vec2((q.x + v_dot) * 0.5, q.y)).a;
  float g = 0.04;
  float fill = smoothstep(0.75 - g, 0.75 + g, a);
  float halo = smoothstep(u_halo_edge - g, u_halo_edge + g, a);
  if (halo <= 0.0) discard;
  gl_FragColor = mix(u_halo, v_color, fill) * halo;
}`;

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`dense layer shader: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

/** The arrow and the dot side by side, alpha only, as uploaded to the atlas texture. */
export function iconAtlas(): { width: number; height: number; data: Uint8Array } {
  const [arrow, dot] = [arrowIcon(48), dotIcon(48)];
  const data = new Uint8Array(96 * 48 * 4);
  for (let y = 0; y < 48; y++) {
    data.set(arrow.data.subarray(y * 48 * 4, (y + 1) * 48 * 4), y * 96 * 4);
    data.set(dot.data.subarray(y * 48 * 4, (y + 1) * 48 * 4), (y * 96 + 48) * 4);
  }
  return { width: 96, height: 48, data };
}

export class DenseVehicleLayer implements CustomLayerInterface {
  readonly id = DENSE_LAYER;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  #map: maplibregl.Map | null = null;
  #program: WebGLProgram | null = null;
  #buffers: { pos: WebGLBuffer; color: WebGLBuffer; heading: WebGLBuffer } | null = null;
  #atlas: WebGLTexture | null = null;
  #dirty = true;

  constructor(private readonly fleet: DenseFleet) {}

  onAdd(map: maplibregl.Map, gl: WebGLRenderingContext): void {
    this.#map = map;
    const program = gl.createProgram()!;
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`dense layer program: ${gl.getProgramInfoLog(program)}`);
    this.#program = program;
    this.#buffers = { pos: gl.createBuffer()!, color: gl.createBuffer()!, heading: gl.createBuffer()! };
    const atlas = iconAtlas();
    this.#atlas = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, this.#atlas);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, atlas.width, atlas.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, atlas.data);
    for (const [k, v] of [[gl.TEXTURE_MIN_FILTER, gl.LINEAR], [gl.TEXTURE_MAG_FILTER, gl.LINEAR], [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE], [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE]] as const) gl.texParameteri(gl.TEXTURE_2D, k, v);
    this.#dirty = true;
  }

  /** The fleet's arrays changed: they go to the GPU before the next frame, which is asked for. */
  changed(): void {
    this.#dirty = true;
    this.#map?.triggerRepaint();
  }

  render(gl: WebGLRenderingContext, options: CustomRenderMethodInput): void {
    const { fleet } = this;
    const program = this.#program;
    const buffers = this.#buffers;
    if (!program || !buffers || !this.#map || !fleet.origin || fleet.count === 0) return;
    const n = fleet.count;
    const attribute = (name: string, buffer: WebGLBuffer, data: ArrayBufferView, size: number, type: number, normalized: boolean) => {
      const at = gl.getAttribLocation(program, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      if (this.#dirty) gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
      gl.enableVertexAttribArray(at);
      gl.vertexAttribPointer(at, size, type, normalized, 0, 0);
      return at;
    };
    gl.useProgram(program);
    const used = [
      attribute('a_pos', buffers.pos, fleet.offsets.subarray(0, n * 2), 2, gl.FLOAT, false),
      attribute('a_color', buffers.color, fleet.colors.subarray(0, n * 4), 4, gl.UNSIGNED_BYTE, true),
      attribute('a_heading', buffers.heading, fleet.headings.subarray(0, n), 1, gl.FLOAT, false),
    ];
    this.#dirty = false;
    const matrix = translated(options.defaultProjectionData.mainMatrix as ArrayLike<number>, fleet.origin[0], fleet.origin[1]);
    gl.uniformMatrix4fv(gl.getUniformLocation(program, 'u_matrix'), false, Float32Array.from(matrix));
    gl.uniform1f(gl.getUniformLocation(program, 'u_size'), ICON_CSS_PX * devicePixelRatio);
    gl.uniform1f(gl.getUniformLocation(program, 'u_bearing'), (this.#map.getBearing() * Math.PI) / 180);
    gl.uniform4f(gl.getUniformLocation(program, 'u_halo'), 0x0f / 255, 0x14 / 255, 0x1a / 255, 1);
    gl.uniform1f(gl.getUniformLocation(program, 'u_halo_edge'), HALO_EDGE);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.#atlas);
    gl.uniform1i(gl.getUniformLocation(program, 'u_atlas'), 0);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArrays(gl.POINTS, 0, n);
    for (const at of used) gl.disableVertexAttribArray(at);
  }

  onRemove(_map: maplibregl.Map, gl: WebGLRenderingContext): void {
    if (this.#buffers) for (const b of Object.values(this.#buffers)) gl.deleteBuffer(b);
    gl.deleteTexture(this.#atlas);
    gl.deleteProgram(this.#program);
    this.#buffers = null;
    this.#program = null;
    this.#map = null;
  }
}
