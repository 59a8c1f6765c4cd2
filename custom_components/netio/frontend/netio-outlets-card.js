// node_modules/@lit/reactive-element/css-tag.js
var e = globalThis, t = e.ShadowRoot && (e.ShadyCSS === void 0 || e.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, n = Symbol(), r = /* @__PURE__ */ new WeakMap(), i = class {
	constructor(e, t, r) {
		if (this._$cssResult$ = !0, r !== n) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
		this.cssText = e, this.t = t;
	}
	get styleSheet() {
		let e = this.o, n = this.t;
		if (t && e === void 0) {
			let t = n !== void 0 && n.length === 1;
			t && (e = r.get(n)), e === void 0 && ((this.o = e = new CSSStyleSheet()).replaceSync(this.cssText), t && r.set(n, e));
		}
		return e;
	}
	toString() {
		return this.cssText;
	}
}, a = (e) => new i(typeof e == "string" ? e : e + "", void 0, n), o = (e, ...t) => new i(e.length === 1 ? e[0] : t.reduce((t, n, r) => t + ((e) => {
	if (!0 === e._$cssResult$) return e.cssText;
	if (typeof e == "number") return e;
	throw Error("Value passed to 'css' function must be a 'css' function result: " + e + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
})(n) + e[r + 1], e[0]), e, n), s = (n, r) => {
	if (t) n.adoptedStyleSheets = r.map((e) => e instanceof CSSStyleSheet ? e : e.styleSheet);
	else for (let t of r) {
		let r = document.createElement("style"), i = e.litNonce;
		i !== void 0 && r.setAttribute("nonce", i), r.textContent = t.cssText, n.appendChild(r);
	}
}, c = t ? (e) => e : (e) => e instanceof CSSStyleSheet ? ((e) => {
	let t = "";
	for (let n of e.cssRules) t += n.cssText;
	return a(t);
})(e) : e, { is: l, defineProperty: u, getOwnPropertyDescriptor: d, getOwnPropertyNames: ee, getOwnPropertySymbols: te, getPrototypeOf: ne } = Object, f = globalThis, re = f.trustedTypes, ie = re ? re.emptyScript : "", ae = f.reactiveElementPolyfillSupport, p = (e, t) => e, m = {
	toAttribute(e, t) {
		switch (t) {
			case Boolean:
				e = e ? ie : null;
				break;
			case Object:
			case Array: e = e == null ? e : JSON.stringify(e);
		}
		return e;
	},
	fromAttribute(e, t) {
		let n = e;
		switch (t) {
			case Boolean:
				n = e !== null;
				break;
			case Number:
				n = e === null ? null : Number(e);
				break;
			case Object:
			case Array: try {
				n = JSON.parse(e);
			} catch {
				n = null;
			}
		}
		return n;
	}
}, h = (e, t) => !l(e, t), g = {
	attribute: !0,
	type: String,
	converter: m,
	reflect: !1,
	useDefault: !1,
	hasChanged: h
};
Symbol.metadata ??= Symbol("metadata"), f.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
var _ = class extends HTMLElement {
	static addInitializer(e) {
		this._$Ei(), (this.l ??= []).push(e);
	}
	static get observedAttributes() {
		return this.finalize(), this._$Eh && [...this._$Eh.keys()];
	}
	static createProperty(e, t = g) {
		if (t.state && (t.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(e) && ((t = Object.create(t)).wrapped = !0), this.elementProperties.set(e, t), !t.noAccessor) {
			let n = Symbol(), r = this.getPropertyDescriptor(e, n, t);
			r !== void 0 && u(this.prototype, e, r);
		}
	}
	static getPropertyDescriptor(e, t, n) {
		let { get: r, set: i } = d(this.prototype, e) ?? {
			get() {
				return this[t];
			},
			set(e) {
				this[t] = e;
			}
		};
		return {
			get: r,
			set(t) {
				let a = r?.call(this);
				i?.call(this, t), this.requestUpdate(e, a, n);
			},
			configurable: !0,
			enumerable: !0
		};
	}
	static getPropertyOptions(e) {
		return this.elementProperties.get(e) ?? g;
	}
	static _$Ei() {
		if (this.hasOwnProperty(p("elementProperties"))) return;
		let e = ne(this);
		e.finalize(), e.l !== void 0 && (this.l = [...e.l]), this.elementProperties = new Map(e.elementProperties);
	}
	static finalize() {
		if (this.hasOwnProperty(p("finalized"))) return;
		if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(p("properties"))) {
			let e = this.properties, t = [...ee(e), ...te(e)];
			for (let n of t) this.createProperty(n, e[n]);
		}
		let e = this[Symbol.metadata];
		if (e !== null) {
			let t = litPropertyMetadata.get(e);
			if (t !== void 0) for (let [e, n] of t) this.elementProperties.set(e, n);
		}
		this._$Eh = /* @__PURE__ */ new Map();
		for (let [e, t] of this.elementProperties) {
			let n = this._$Eu(e, t);
			n !== void 0 && this._$Eh.set(n, e);
		}
		this.elementStyles = this.finalizeStyles(this.styles);
	}
	static finalizeStyles(e) {
		let t = [];
		if (Array.isArray(e)) {
			let n = new Set(e.flat(1 / 0).reverse());
			for (let e of n) t.unshift(c(e));
		} else e !== void 0 && t.push(c(e));
		return t;
	}
	static _$Eu(e, t) {
		let n = t.attribute;
		return !1 === n ? void 0 : typeof n == "string" ? n : typeof e == "string" ? e.toLowerCase() : void 0;
	}
	constructor() {
		super(), this._$Ep = void 0, this.isUpdatePending = !1, this.hasUpdated = !1, this._$Em = null, this._$Ev();
	}
	_$Ev() {
		this._$ES = new Promise((e) => this.enableUpdating = e), this._$AL = /* @__PURE__ */ new Map(), this._$E_(), this.requestUpdate(), this.constructor.l?.forEach((e) => e(this));
	}
	addController(e) {
		(this._$EO ??= /* @__PURE__ */ new Set()).add(e), this.renderRoot !== void 0 && this.isConnected && e.hostConnected?.();
	}
	removeController(e) {
		this._$EO?.delete(e);
	}
	_$E_() {
		let e = /* @__PURE__ */ new Map(), t = this.constructor.elementProperties;
		for (let n of t.keys()) this.hasOwnProperty(n) && (e.set(n, this[n]), delete this[n]);
		e.size > 0 && (this._$Ep = e);
	}
	createRenderRoot() {
		let e = this.shadowRoot ?? this.attachShadow(this.constructor.shadowRootOptions);
		return s(e, this.constructor.elementStyles), e;
	}
	connectedCallback() {
		this.renderRoot ??= this.createRenderRoot(), this.enableUpdating(!0), this._$EO?.forEach((e) => e.hostConnected?.());
	}
	enableUpdating(e) {}
	disconnectedCallback() {
		this._$EO?.forEach((e) => e.hostDisconnected?.());
	}
	attributeChangedCallback(e, t, n) {
		this._$AK(e, n);
	}
	_$ET(e, t) {
		let n = this.constructor.elementProperties.get(e), r = this.constructor._$Eu(e, n);
		if (r !== void 0 && !0 === n.reflect) {
			let i = (n.converter?.toAttribute === void 0 ? m : n.converter).toAttribute(t, n.type);
			this._$Em = e, i == null ? this.removeAttribute(r) : this.setAttribute(r, i), this._$Em = null;
		}
	}
	_$AK(e, t) {
		let n = this.constructor, r = n._$Eh.get(e);
		if (r !== void 0 && this._$Em !== r) {
			let e = n.getPropertyOptions(r), i = typeof e.converter == "function" ? { fromAttribute: e.converter } : e.converter?.fromAttribute === void 0 ? m : e.converter;
			this._$Em = r;
			let a = i.fromAttribute(t, e.type);
			this[r] = a ?? this._$Ej?.get(r) ?? a, this._$Em = null;
		}
	}
	requestUpdate(e, t, n, r = !1, i) {
		if (e !== void 0) {
			let a = this.constructor;
			if (!1 === r && (i = this[e]), n ??= a.getPropertyOptions(e), !((n.hasChanged ?? h)(i, t) || n.useDefault && n.reflect && i === this._$Ej?.get(e) && !this.hasAttribute(a._$Eu(e, n)))) return;
			this.C(e, t, n);
		}
		!1 === this.isUpdatePending && (this._$ES = this._$EP());
	}
	C(e, t, { useDefault: n, reflect: r, wrapped: i }, a) {
		n && !(this._$Ej ??= /* @__PURE__ */ new Map()).has(e) && (this._$Ej.set(e, a ?? t ?? this[e]), !0 !== i || a !== void 0) || (this._$AL.has(e) || (this.hasUpdated || n || (t = void 0), this._$AL.set(e, t)), !0 === r && this._$Em !== e && (this._$Eq ??= /* @__PURE__ */ new Set()).add(e));
	}
	async _$EP() {
		this.isUpdatePending = !0;
		try {
			await this._$ES;
		} catch (e) {
			Promise.reject(e);
		}
		let e = this.scheduleUpdate();
		return e != null && await e, !this.isUpdatePending;
	}
	scheduleUpdate() {
		return this.performUpdate();
	}
	performUpdate() {
		if (!this.isUpdatePending) return;
		if (!this.hasUpdated) {
			if (this.renderRoot ??= this.createRenderRoot(), this._$Ep) {
				for (let [e, t] of this._$Ep) this[e] = t;
				this._$Ep = void 0;
			}
			let e = this.constructor.elementProperties;
			if (e.size > 0) for (let [t, n] of e) {
				let { wrapped: e } = n, r = this[t];
				!0 !== e || this._$AL.has(t) || r === void 0 || this.C(t, void 0, n, r);
			}
		}
		let e = !1, t = this._$AL;
		try {
			e = this.shouldUpdate(t), e ? (this.willUpdate(t), this._$EO?.forEach((e) => e.hostUpdate?.()), this.update(t)) : this._$EM();
		} catch (t) {
			throw e = !1, this._$EM(), t;
		}
		e && this._$AE(t);
	}
	willUpdate(e) {}
	_$AE(e) {
		this._$EO?.forEach((e) => e.hostUpdated?.()), this.hasUpdated || (this.hasUpdated = !0, this.firstUpdated(e)), this.updated(e);
	}
	_$EM() {
		this._$AL = /* @__PURE__ */ new Map(), this.isUpdatePending = !1;
	}
	get updateComplete() {
		return this.getUpdateComplete();
	}
	getUpdateComplete() {
		return this._$ES;
	}
	shouldUpdate(e) {
		return !0;
	}
	update(e) {
		this._$Eq &&= this._$Eq.forEach((e) => this._$ET(e, this[e])), this._$EM();
	}
	updated(e) {}
	firstUpdated(e) {}
};
_.elementStyles = [], _.shadowRootOptions = { mode: "open" }, _[p("elementProperties")] = /* @__PURE__ */ new Map(), _[p("finalized")] = /* @__PURE__ */ new Map(), ae?.({ ReactiveElement: _ }), (f.reactiveElementVersions ??= []).push("2.1.2");
// node_modules/lit-html/lit-html.js
var v = globalThis, oe = (e) => e, y = v.trustedTypes, b = y ? y.createPolicy("lit-html", { createHTML: (e) => e }) : void 0, x = "$lit$", S = `lit$${Math.random().toFixed(9).slice(2)}$`, C = "?" + S, se = `<${C}>`, w = document, T = () => w.createComment(""), E = (e) => e === null || typeof e != "object" && typeof e != "function", D = Array.isArray, ce = (e) => D(e) || typeof e?.[Symbol.iterator] == "function", O = "[ 	\n\f\r]", k = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, le = /-->/g, ue = />/g, A = RegExp(`>|${O}(?:([^\\s"'>=/]+)(${O}*=${O}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`, "g"), de = /'/g, j = /"/g, M = /^(?:script|style|textarea|title)$/i, N = ((e) => (t, ...n) => ({
	_$litType$: e,
	strings: t,
	values: n
}))(1), P = Symbol.for("lit-noChange"), F = Symbol.for("lit-nothing"), I = /* @__PURE__ */ new WeakMap(), L = w.createTreeWalker(w, 129);
function R(e, t) {
	if (!D(e) || !e.hasOwnProperty("raw")) throw Error("invalid template strings array");
	return b === void 0 ? t : b.createHTML(t);
}
var fe = (e, t) => {
	let n = e.length - 1, r = [], i, a = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", o = k;
	for (let t = 0; t < n; t++) {
		let n = e[t], s, c, l = -1, u = 0;
		for (; u < n.length && (o.lastIndex = u, c = o.exec(n), c !== null);) u = o.lastIndex, o === k ? c[1] === "!--" ? o = le : c[1] === void 0 ? c[2] === void 0 ? c[3] !== void 0 && (o = A) : (M.test(c[2]) && (i = RegExp("</" + c[2], "g")), o = A) : o = ue : o === A ? c[0] === ">" ? (o = i ?? k, l = -1) : c[1] === void 0 ? l = -2 : (l = o.lastIndex - c[2].length, s = c[1], o = c[3] === void 0 ? A : c[3] === "\"" ? j : de) : o === j || o === de ? o = A : o === le || o === ue ? o = k : (o = A, i = void 0);
		let d = o === A && e[t + 1].startsWith("/>") ? " " : "";
		a += o === k ? n + se : l >= 0 ? (r.push(s), n.slice(0, l) + x + n.slice(l) + S + d) : n + S + (l === -2 ? t : d);
	}
	return [R(e, a + (e[n] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), r];
}, z = class e {
	constructor({ strings: t, _$litType$: n }, r) {
		let i;
		this.parts = [];
		let a = 0, o = 0, s = t.length - 1, c = this.parts, [l, u] = fe(t, n);
		if (this.el = e.createElement(l, r), L.currentNode = this.el.content, n === 2 || n === 3) {
			let e = this.el.content.firstChild;
			e.replaceWith(...e.childNodes);
		}
		for (; (i = L.nextNode()) !== null && c.length < s;) {
			if (i.nodeType === 1) {
				if (i.hasAttributes()) for (let e of i.getAttributeNames()) if (e.endsWith(x)) {
					let t = u[o++], n = i.getAttribute(e).split(S), r = /([.?@])?(.*)/.exec(t);
					c.push({
						type: 1,
						index: a,
						name: r[2],
						strings: n,
						ctor: r[1] === "." ? me : r[1] === "?" ? he : r[1] === "@" ? ge : H
					}), i.removeAttribute(e);
				} else e.startsWith(S) && (c.push({
					type: 6,
					index: a
				}), i.removeAttribute(e));
				if (M.test(i.tagName)) {
					let e = i.textContent.split(S), t = e.length - 1;
					if (t > 0) {
						i.textContent = y ? y.emptyScript : "";
						for (let n = 0; n < t; n++) i.append(e[n], T()), L.nextNode(), c.push({
							type: 2,
							index: ++a
						});
						i.append(e[t], T());
					}
				}
			} else if (i.nodeType === 8) {
				if (i.data === C) c.push({
					type: 2,
					index: a
				});
				else {
					let e = -1;
					for (; (e = i.data.indexOf(S, e + 1)) !== -1;) c.push({
						type: 7,
						index: a
					}), e += S.length - 1;
				}
			}
			a++;
		}
	}
	static createElement(e, t) {
		let n = w.createElement("template");
		return n.innerHTML = e, n;
	}
};
function B(e, t, n = e, r) {
	if (t === P) return t;
	let i = r === void 0 ? n._$Cl : n._$Co?.[r], a = E(t) ? void 0 : t._$litDirective$;
	return i?.constructor !== a && (i?._$AO?.(!1), a === void 0 ? i = void 0 : (i = new a(e), i._$AT(e, n, r)), r === void 0 ? n._$Cl = i : (n._$Co ??= [])[r] = i), i !== void 0 && (t = B(e, i._$AS(e, t.values), i, r)), t;
}
var pe = class {
	constructor(e, t) {
		this._$AV = [], this._$AN = void 0, this._$AD = e, this._$AM = t;
	}
	get parentNode() {
		return this._$AM.parentNode;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	u(e) {
		let { el: { content: t }, parts: n } = this._$AD, r = (e?.creationScope ?? w).importNode(t, !0);
		L.currentNode = r;
		let i = L.nextNode(), a = 0, o = 0, s = n[0];
		for (; s !== void 0;) {
			if (a === s.index) {
				let t;
				s.type === 2 ? t = new V(i, i.nextSibling, this, e) : s.type === 1 ? t = new s.ctor(i, s.name, s.strings, this, e) : s.type === 6 && (t = new _e(i, this, e)), this._$AV.push(t), s = n[++o];
			}
			a !== s?.index && (i = L.nextNode(), a++);
		}
		return L.currentNode = w, r;
	}
	p(e) {
		let t = 0;
		for (let n of this._$AV) n !== void 0 && (n.strings === void 0 ? n._$AI(e[t]) : (n._$AI(e, n, t), t += n.strings.length - 2)), t++;
	}
}, V = class e {
	get _$AU() {
		return this._$AM?._$AU ?? this._$Cv;
	}
	constructor(e, t, n, r) {
		this.type = 2, this._$AH = F, this._$AN = void 0, this._$AA = e, this._$AB = t, this._$AM = n, this.options = r, this._$Cv = r?.isConnected ?? !0;
	}
	get parentNode() {
		let e = this._$AA.parentNode, t = this._$AM;
		return t !== void 0 && e?.nodeType === 11 && (e = t.parentNode), e;
	}
	get startNode() {
		return this._$AA;
	}
	get endNode() {
		return this._$AB;
	}
	_$AI(e, t = this) {
		e = B(this, e, t), E(e) ? e === F || e == null || e === "" ? (this._$AH !== F && this._$AR(), this._$AH = F) : e !== this._$AH && e !== P && this._(e) : e._$litType$ === void 0 ? e.nodeType === void 0 ? ce(e) ? this.k(e) : this._(e) : this.T(e) : this.$(e);
	}
	O(e) {
		return this._$AA.parentNode.insertBefore(e, this._$AB);
	}
	T(e) {
		this._$AH !== e && (this._$AR(), this._$AH = this.O(e));
	}
	_(e) {
		this._$AH !== F && E(this._$AH) ? this._$AA.nextSibling.data = e : this.T(w.createTextNode(e)), this._$AH = e;
	}
	$(e) {
		let { values: t, _$litType$: n } = e, r = typeof n == "number" ? this._$AC(e) : (n.el === void 0 && (n.el = z.createElement(R(n.h, n.h[0]), this.options)), n);
		if (this._$AH?._$AD === r) this._$AH.p(t);
		else {
			let e = new pe(r, this), n = e.u(this.options);
			e.p(t), this.T(n), this._$AH = e;
		}
	}
	_$AC(e) {
		let t = I.get(e.strings);
		return t === void 0 && I.set(e.strings, t = new z(e)), t;
	}
	k(t) {
		D(this._$AH) || (this._$AH = [], this._$AR());
		let n = this._$AH, r, i = 0;
		for (let a of t) i === n.length ? n.push(r = new e(this.O(T()), this.O(T()), this, this.options)) : r = n[i], r._$AI(a), i++;
		i < n.length && (this._$AR(r && r._$AB.nextSibling, i), n.length = i);
	}
	_$AR(e = this._$AA.nextSibling, t) {
		for (this._$AP?.(!1, !0, t); e !== this._$AB;) {
			let t = oe(e).nextSibling;
			oe(e).remove(), e = t;
		}
	}
	setConnected(e) {
		this._$AM === void 0 && (this._$Cv = e, this._$AP?.(e));
	}
}, H = class {
	get tagName() {
		return this.element.tagName;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	constructor(e, t, n, r, i) {
		this.type = 1, this._$AH = F, this._$AN = void 0, this.element = e, this.name = t, this._$AM = r, this.options = i, n.length > 2 || n[0] !== "" || n[1] !== "" ? (this._$AH = Array(n.length - 1).fill(/* @__PURE__ */ new String()), this.strings = n) : this._$AH = F;
	}
	_$AI(e, t = this, n, r) {
		let i = this.strings, a = !1;
		if (i === void 0) e = B(this, e, t, 0), a = !E(e) || e !== this._$AH && e !== P, a && (this._$AH = e);
		else {
			let r = e, o, s;
			for (e = i[0], o = 0; o < i.length - 1; o++) s = B(this, r[n + o], t, o), s === P && (s = this._$AH[o]), a ||= !E(s) || s !== this._$AH[o], s === F ? e = F : e !== F && (e += (s ?? "") + i[o + 1]), this._$AH[o] = s;
		}
		a && !r && this.j(e);
	}
	j(e) {
		e === F ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, e ?? "");
	}
}, me = class extends H {
	constructor() {
		super(...arguments), this.type = 3;
	}
	j(e) {
		this.element[this.name] = e === F ? void 0 : e;
	}
}, he = class extends H {
	constructor() {
		super(...arguments), this.type = 4;
	}
	j(e) {
		this.element.toggleAttribute(this.name, !!e && e !== F);
	}
}, ge = class extends H {
	constructor(e, t, n, r, i) {
		super(e, t, n, r, i), this.type = 5;
	}
	_$AI(e, t = this) {
		if ((e = B(this, e, t, 0) ?? F) === P) return;
		let n = this._$AH, r = e === F && n !== F || e.capture !== n.capture || e.once !== n.once || e.passive !== n.passive, i = e !== F && (n === F || r);
		r && this.element.removeEventListener(this.name, this, n), i && this.element.addEventListener(this.name, this, e), this._$AH = e;
	}
	handleEvent(e) {
		typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, e) : this._$AH.handleEvent(e);
	}
}, _e = class {
	constructor(e, t, n) {
		this.element = e, this.type = 6, this._$AN = void 0, this._$AM = t, this.options = n;
	}
	get _$AU() {
		return this._$AM._$AU;
	}
	_$AI(e) {
		B(this, e);
	}
}, ve = v.litHtmlPolyfillSupport;
ve?.(z, V), (v.litHtmlVersions ??= []).push("3.3.3");
var ye = (e, t, n) => {
	let r = n?.renderBefore ?? t, i = r._$litPart$;
	if (i === void 0) {
		let e = n?.renderBefore ?? null;
		r._$litPart$ = i = new V(t.insertBefore(T(), e), e, void 0, n ?? {});
	}
	return i._$AI(e), i;
}, U = globalThis, W = class extends _ {
	constructor() {
		super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
	}
	createRenderRoot() {
		let e = super.createRenderRoot();
		return this.renderOptions.renderBefore ??= e.firstChild, e;
	}
	update(e) {
		let t = this.render();
		this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(e), this._$Do = ye(t, this.renderRoot, this.renderOptions);
	}
	connectedCallback() {
		super.connectedCallback(), this._$Do?.setConnected(!0);
	}
	disconnectedCallback() {
		super.disconnectedCallback(), this._$Do?.setConnected(!1);
	}
	render() {
		return P;
	}
};
W._$litElement$ = !0, W.finalized = !0, U.litElementHydrateSupport?.({ LitElement: W });
var be = U.litElementPolyfillSupport;
be?.({ LitElement: W }), (U.litElementVersions ??= []).push("4.2.2");
// src/common/actions.ts
function xe(e, t, n) {
	return n ? e.callService("switch", "turn_on", {}, { entity_id: t.entityId }) : t.critical ? t.deviceId && t.outputId !== void 0 ? e.callService("netio", "set_outputs", {
		device_id: t.deviceId,
		outputs: [{
			output: t.outputId,
			action: "off"
		}],
		confirm: !0
	}) : e.callService("netio", "toggle", { confirm: !0 }, { entity_id: t.entityId }) : e.callService("switch", "turn_off", {}, { entity_id: t.entityId });
}
function Se(e, t) {
	return e.callService("netio", "short_off", { confirm: t.critical }, { entity_id: t.entityId });
}
function Ce(e, t) {
	return e.critical && !t;
}
// src/common/confirm.ts
var we = class extends W {
	static {
		this.properties = {
			heading: {},
			text: {},
			confirmLabel: {},
			cancelLabel: {}
		};
	}
	constructor() {
		super(), this.heading = "", this.text = "", this.confirmLabel = "OK", this.cancelLabel = "Cancel";
	}
	async ask(e, t, n, r) {
		this.heading = e, this.text = t, this.confirmLabel = n, this.cancelLabel = r, await this.updateComplete;
		let i = this.renderRoot.querySelector("dialog");
		return typeof i.showModal == "function" ? i.showModal() : i.setAttribute("open", ""), new Promise((e) => {
			this._resolve = e;
		});
	}
	_close(e) {
		let t = this.renderRoot.querySelector("dialog");
		typeof t.close == "function" ? t.close() : t.removeAttribute("open");
		let n = this._resolve;
		this._resolve = void 0, n?.(e);
	}
	render() {
		return N`<dialog
      aria-labelledby="heading"
      @cancel=${(e) => {
			e.preventDefault(), this._close(!1);
		}}
    >
      <h2 id="heading">${this.heading}</h2>
      <p>${this.text}</p>
      <div class="buttons">
        <button class="cancel" @click=${() => this._close(!1)}>${this.cancelLabel}</button>
        <button class="confirm" @click=${() => this._close(!0)}>${this.confirmLabel}</button>
      </div>
    </dialog>`;
	}
	static {
		this.styles = o`
    dialog {
      border: none;
      border-radius: var(--ha-card-border-radius, 12px);
      background: var(--card-background-color, #fff);
      color: var(--primary-text-color);
      max-width: min(420px, calc(100vw - 32px));
      padding: 20px 24px 16px;
      box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
    }
    dialog::backdrop {
      background: rgba(0, 0, 0, 0.4);
    }
    h2 {
      margin: 0 0 8px;
      font-size: 1.25rem;
      font-weight: 500;
    }
    p {
      margin: 0 0 16px;
      color: var(--secondary-text-color);
      line-height: 1.4;
    }
    .buttons {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
    button {
      font: inherit;
      border: none;
      border-radius: 18px;
      padding: 8px 16px;
      cursor: pointer;
      background: transparent;
      color: var(--primary-color);
    }
    button.confirm {
      background: var(--error-color, #db4437);
      color: var(--text-primary-color, #fff);
    }
    button:focus-visible {
      outline: 2px solid var(--primary-color);
      outline-offset: 2px;
    }
  `;
	}
};
customElements.get("netio-confirm") || customElements.define("netio-confirm", we);
// src/common/format.ts
function G(e, t, n = 0) {
	return e == null || Number.isNaN(e) ? "—" : new Intl.NumberFormat(t, {
		maximumFractionDigits: n,
		minimumFractionDigits: n
	}).format(e);
}
function K(e, t) {
	return e == null ? "—" : `${G(e, t, +(e < 10))} W`;
}
function Te(e, t) {
	return e == null ? "—" : Math.abs(e) >= 1e3 ? `${G(e / 1e3, t, 2)} kWh` : `${G(e, t, 0)} Wh`;
}
function Ee(e, t) {
	return !e || !t || t <= 0 || e <= 0 ? 0 : Math.max(0, Math.min(100, e / t * 100));
}
// src/common/hass.ts
function q(e) {
	return e && typeof e == "object" && "message" in e ? String(e.message) : String(e);
}
function J(e, t) {
	e.dispatchEvent(new CustomEvent("hass-more-info", {
		detail: { entityId: t },
		bubbles: !0,
		composed: !0
	}));
}
var De = {
	panel: {
		title: "NETIO",
		menu: "Nabídka",
		overview: "Přehled",
		loading: "Načítám zařízení NETIO…",
		no_devices: "Není nastaveno žádné zařízení NETIO. Přidejte jej v Nastavení → Zařízení a služby.",
		back: "Zpět na přehled",
		not_found: "Toto zařízení NETIO není (už) nastaveno.",
		subscribe_failed: "Zařízení NETIO se nepodařilo načíst: {error}"
	},
	device: {
		available: "Online",
		unavailable: "Nedostupné",
		not_loaded: "Nenačteno ({state})",
		total_power: "Celkový příkon",
		energy: "Energie",
		model: "Model",
		protocol: "Protokol",
		firmware: "Firmware",
		serial: "Sériové číslo",
		mac: "Adresa MAC",
		host: "Adresa",
		voltage: "Napětí",
		read_only: "Jen pro čtení: výstupy nelze z Home Assistantu přepínat",
		open: "Nastavení a výstupy",
		device_page: "Stránka zařízení",
		web_interface: "Webové rozhraní zařízení",
		info: "Zařízení",
		settings: "Nastavení",
		poll_interval: "Interval dotazování (sekundy)",
		poll_interval_help: "Jak často Home Assistant čte zařízení ({min}–{max} s).",
		critical_outputs: "Kritické výstupy",
		critical_help: "Vypnutí nebo restart kritického výstupu je nutné nejdříve potvrdit.",
		save: "Uložit",
		saved: "Uloženo. Zařízení se znovu načte s novým nastavením.",
		invalid_interval: "Zadejte celý počet sekund od {min} do {max}.",
		outputs: "Výstupy"
	},
	output: {
		name: "Název",
		state: "Stav",
		power: "Příkon",
		energy: "Energie",
		pulse: "Délka pulzu",
		critical: "Kritický",
		on: "Zapnuto",
		off: "Vypnuto",
		unknown: "Neznámý",
		switch: "Přepnout {name}",
		power_cycle: "Restart napájení",
		power_cycle_name: "Restartovat napájení {name}",
		actions: "Akce",
		menu: "Další akce pro {name}",
		device_settings: "V zařízení",
		setting_name: "Název v zařízení",
		setting_delay: "Zpoždění krátkého zapnutí/vypnutí (s)",
		setting_power_up: "Po zapnutí napájení"
	},
	confirm: {
		off_title: "Vypnout {name}?",
		off_text: "{name} je kritický výstup. Vypnutím odpojíte napájení všeho, co je k němu připojeno.",
		cycle_title: "Restartovat napájení {name}?",
		cycle_text: "{name} bude {seconds} s vypnutý a pak se znovu zapne.",
		cycle_text_critical: "{name} je kritický výstup. Bude {seconds} s vypnutý a pak se znovu zapne.",
		cancel: "Zrušit",
		off: "Vypnout",
		cycle: "Restartovat"
	},
	card: {
		total_power: "Celkový příkon",
		energy_today: "Energie dnes",
		no_device: "Vyberte napájecí lištu NETIO v nastavení karty.",
		device_missing: "Napájecí lišta NETIO této karty nebyla nalezena.",
		no_outputs: "Tato napájecí lišta nemá žádné výstupy k zobrazení.",
		hold_hint: "Klepnutím přepnete, podržením restartujete napájení"
	},
	editor: {
		device: "Napájecí lišta",
		choose: "Vyberte…",
		title: "Nadpis (nepovinný)",
		show_power: "Zobrazit příkon",
		show_energy: "Zobrazit dnešní energii",
		no_devices: "Nebyla nalezena žádná napájecí lišta NETIO."
	},
	rules: {
		tab: "Pravidla",
		intro: "Vložte dokument pravidel NETIO (JSON ze stránky Rules zařízení) nebo pravidla načtěte ze zařízení; náhled ukáže, čím se každé pravidlo stane, ještě než se cokoli vytvoří.",
		device: "Napájecí lišta",
		json: "JSON pravidel",
		from_device: "Načíst pravidla ze zařízení (vyžaduje přístup ke konfiguraci)",
		preview: "Náhled",
		create: "Vytvořit automatizace",
		invalid: "Dokument nelze importovat:",
		rule: "Pravidlo",
		outcome: "Výsledek",
		automation: "Automatizace",
		warnings: "Upozornění",
		untranslatable: "Nepřeloženo",
		created: "Vytvořeno automatizací: {count}.",
		schedules_created: "Vytvořeni pomocníci plánu: {names}",
		open: "Otevřít v editoru automatizací",
		empty: "Vložte JSON pravidel nebo zvolte načtení ze zařízení.",
		yaml: "Automatizace (YAML)",
		none: "—",
		imported: "Automatizace vytvořené importem",
		no_imported: "Z pravidel NETIO zatím nebyla importována žádná automatizace.",
		export: "Exportovat do JSON NETIO",
		exported: "JSON pravidla NETIO pro {name}: vložte jej na stránku Rules zařízení."
	},
	schedules: {
		tab: "Plány",
		intro: "Týdenní plány, podle kterých se řídí pravidla NETIO: pomocníci plánu s názvem „NETIO …“, vytvoření importem pravidel. Upravíte je v Nastavení → Zařízení a služby → Pomocníci.",
		none: "Zatím žádný plán NETIO. Vytvoří jej import pravidel, která plán používají.",
		failed: "Plány se nepodařilo načíst: {error}",
		days: {
			monday: "Po",
			tuesday: "Út",
			wednesday: "St",
			thursday: "Čt",
			friday: "Pá",
			saturday: "So",
			sunday: "Ne"
		}
	},
	watchdogs: {
		tab: "Watchdogy",
		intro: "Každý watchdog kontroluje zařízení za výstupem a restartuje napájení výstupu, když zařízení přestane odpovídat. Watchdogy přidáte, změníte nebo odeberete na stránce integrace NETIO (záznam zařízení → Přidat watchdog).",
		manage: "Spravovat watchdogy",
		none: "Není nastaven žádný watchdog.",
		device: "Zařízení",
		output: "Výstup",
		target: "Kontroluje",
		state: "Stav",
		restarts: "Restarty",
		last_restart: "Poslední restart",
		enabled: "Zapnutý",
		problem: "Problém",
		ok: "OK",
		never: "nikdy",
		hint: "Vyzkoušení: nechte cíl přestat odpovídat (v ukázce zastavte simulované zařízení); po nastaveném počtu neúspěšných kontrol se napájení výstupu restartuje a počet restartů vzroste."
	}
}, Oe = {
	panel: {
		title: "NETIO",
		menu: "Menü",
		overview: "Übersicht",
		loading: "NETIO-Geräte werden geladen…",
		no_devices: "Es ist kein NETIO-Gerät eingerichtet. Fügen Sie eines unter Einstellungen → Geräte & Dienste hinzu.",
		back: "Zurück zur Übersicht",
		not_found: "Dieses NETIO-Gerät ist nicht (mehr) eingerichtet.",
		subscribe_failed: "Die NETIO-Geräte konnten nicht geladen werden: {error}"
	},
	device: {
		available: "Online",
		unavailable: "Nicht verfügbar",
		not_loaded: "Nicht geladen ({state})",
		total_power: "Gesamtleistung",
		energy: "Energie",
		model: "Modell",
		protocol: "Protokoll",
		firmware: "Firmware",
		serial: "Seriennummer",
		mac: "MAC-Adresse",
		host: "Adresse",
		voltage: "Spannung",
		read_only: "Nur lesen: Ausgänge können nicht aus Home Assistant geschaltet werden",
		open: "Einstellungen und Ausgänge",
		device_page: "Geräteseite",
		web_interface: "Weboberfläche des Geräts",
		info: "Gerät",
		settings: "Einstellungen",
		poll_interval: "Abfrageintervall (Sekunden)",
		poll_interval_help: "Wie oft Home Assistant das Gerät abfragt ({min}–{max} s).",
		critical_outputs: "Kritische Ausgänge",
		critical_help: "Das Ausschalten oder Neustarten eines kritischen Ausgangs muss zuerst bestätigt werden.",
		save: "Speichern",
		saved: "Gespeichert. Das Gerät wird mit den neuen Einstellungen neu gelesen.",
		invalid_interval: "Geben Sie eine ganze Zahl von Sekunden zwischen {min} und {max} ein.",
		outputs: "Ausgänge"
	},
	output: {
		name: "Name",
		state: "Zustand",
		power: "Leistung",
		energy: "Energie",
		pulse: "Impulsdauer",
		critical: "Kritisch",
		on: "Ein",
		off: "Aus",
		unknown: "Unbekannt",
		switch: "{name} schalten",
		power_cycle: "Neu starten",
		power_cycle_name: "{name} neu starten",
		actions: "Aktionen",
		menu: "Weitere Aktionen für {name}",
		device_settings: "Im Gerät",
		setting_name: "Name im Gerät",
		setting_delay: "Verzögerung kurzes Ein/Aus (s)",
		setting_power_up: "Nach dem Einschalten"
	},
	confirm: {
		off_title: "{name} ausschalten?",
		off_text: "{name} ist ein kritischer Ausgang. Ausschalten trennt die Stromversorgung des angeschlossenen Geräts.",
		cycle_title: "{name} neu starten?",
		cycle_text: "{name} wird {seconds} s ausgeschaltet und dann wieder eingeschaltet.",
		cycle_text_critical: "{name} ist ein kritischer Ausgang. Er wird {seconds} s ausgeschaltet und dann wieder eingeschaltet.",
		cancel: "Abbrechen",
		off: "Ausschalten",
		cycle: "Neu starten"
	},
	card: {
		total_power: "Gesamtleistung",
		energy_today: "Energie heute",
		no_device: "Wählen Sie in den Karteneinstellungen eine NETIO-Steckdosenleiste.",
		device_missing: "Die NETIO-Steckdosenleiste dieser Karte wurde nicht gefunden.",
		no_outputs: "Diese Steckdosenleiste hat keine Ausgänge zum Anzeigen.",
		hold_hint: "Tippen zum Schalten, gedrückt halten zum Neustarten"
	},
	editor: {
		device: "Steckdosenleiste",
		choose: "Auswählen…",
		title: "Titel (optional)",
		show_power: "Leistung anzeigen",
		show_energy: "Energie heute anzeigen",
		no_devices: "Es wurde keine NETIO-Steckdosenleiste gefunden."
	},
	rules: {
		tab: "Regeln",
		intro: "Fügen Sie ein NETIO-Regeldokument ein (das JSON der Regelseite des Geräts) oder lesen Sie die Regeln vom Gerät; die Vorschau zeigt, was aus jeder Regel wird, bevor etwas angelegt wird.",
		device: "Steckdosenleiste",
		json: "Regel-JSON",
		from_device: "Regeln vom Gerät lesen (braucht dessen Konfigurationszugang)",
		preview: "Vorschau",
		create: "Automationen anlegen",
		invalid: "Das Dokument kann nicht importiert werden:",
		rule: "Regel",
		outcome: "Ergebnis",
		automation: "Automation",
		warnings: "Warnungen",
		untranslatable: "Nicht übersetzt",
		created: "{count} Automationen angelegt.",
		schedules_created: "Angelegte Zeitplan-Helfer: {names}",
		open: "Im Automationseditor öffnen",
		empty: "Fügen Sie Regel-JSON ein oder lesen Sie es vom Gerät.",
		yaml: "Automationen (YAML)",
		none: "—",
		imported: "Durch den Import angelegte Automationen",
		no_imported: "Aus NETIO-Regeln wurde noch keine Automation importiert.",
		export: "Als NETIO-JSON exportieren",
		exported: "NETIO-Regel-JSON von {name}: Fügen Sie es auf der Regelseite des Geräts ein."
	},
	schedules: {
		tab: "Zeitpläne",
		intro: "Die Wochenpläne, denen NETIO-Regeln folgen: Zeitplan-Helfer namens „NETIO …“, angelegt beim Regelimport. Bearbeiten Sie sie unter Einstellungen → Geräte & Dienste → Helfer.",
		none: "Noch kein NETIO-Zeitplan. Der Import von Regeln mit Zeitplan legt einen an.",
		failed: "Die Zeitpläne konnten nicht gelesen werden: {error}",
		days: {
			monday: "Mo",
			tuesday: "Di",
			wednesday: "Mi",
			thursday: "Do",
			friday: "Fr",
			saturday: "Sa",
			sunday: "So"
		}
	},
	watchdogs: {
		tab: "Watchdogs",
		intro: "Jeder Watchdog prüft ein Gerät hinter einem Ausgang und startet den Ausgang neu, wenn das Gerät nicht mehr antwortet. Watchdogs fügen Sie auf der Seite der NETIO-Integration hinzu, ändern oder entfernen sie dort (Eintrag des Geräts → Watchdog hinzufügen).",
		manage: "Watchdogs verwalten",
		none: "Es ist kein Watchdog eingerichtet.",
		device: "Gerät",
		output: "Ausgang",
		target: "Prüft",
		state: "Zustand",
		restarts: "Neustarts",
		last_restart: "Letzter Neustart",
		enabled: "Aktiv",
		problem: "Problem",
		ok: "OK",
		never: "nie",
		hint: "Zum Ausprobieren: Lassen Sie das Ziel nicht mehr antworten (in der Demo den simulierten Host anhalten); nach den eingestellten Fehlversuchen wird der Ausgang neu gestartet und die Neustarts zählen hoch."
	}
}, Y = {
	panel: {
		title: "NETIO",
		menu: "Menu",
		overview: "Overview",
		loading: "Loading NETIO devices…",
		no_devices: "No NETIO device is set up. Add one under Settings → Devices & services.",
		back: "Back to the overview",
		not_found: "This NETIO device is not set up (any more).",
		subscribe_failed: "The NETIO devices could not be loaded: {error}"
	},
	device: {
		available: "Online",
		unavailable: "Unavailable",
		not_loaded: "Not loaded ({state})",
		total_power: "Total power",
		energy: "Energy",
		model: "Model",
		protocol: "Protocol",
		firmware: "Firmware",
		serial: "Serial number",
		mac: "MAC address",
		host: "Address",
		voltage: "Voltage",
		read_only: "Read-only: outputs cannot be switched from Home Assistant",
		open: "Settings and outputs",
		device_page: "Device page",
		web_interface: "Device web interface",
		info: "Device",
		settings: "Settings",
		poll_interval: "Poll interval (seconds)",
		poll_interval_help: "How often Home Assistant reads the device ({min}–{max} s).",
		critical_outputs: "Critical outputs",
		critical_help: "Turning a critical output off or power-cycling it asks for confirmation first.",
		save: "Save",
		saved: "Saved. The device is read again with the new settings.",
		invalid_interval: "Enter a whole number of seconds from {min} to {max}.",
		outputs: "Outputs"
	},
	output: {
		name: "Name",
		state: "State",
		power: "Power",
		energy: "Energy",
		pulse: "Pulse length",
		critical: "Critical",
		on: "On",
		off: "Off",
		unknown: "Unknown",
		switch: "Switch {name}",
		power_cycle: "Power cycle",
		power_cycle_name: "Power cycle {name}",
		actions: "Actions",
		menu: "More actions for {name}",
		device_settings: "On the device",
		setting_name: "Name on the device",
		setting_delay: "Short ON/OFF delay (s)",
		setting_power_up: "After power-up"
	},
	confirm: {
		off_title: "Turn off {name}?",
		off_text: "{name} is a critical output. Turning it off cuts the power of what is plugged in.",
		cycle_title: "Power-cycle {name}?",
		cycle_text: "{name} will be off for {seconds} s and then on again.",
		cycle_text_critical: "{name} is a critical output. It will be off for {seconds} s and then on again.",
		cancel: "Cancel",
		off: "Turn off",
		cycle: "Power cycle"
	},
	card: {
		total_power: "Total power",
		energy_today: "Energy today",
		no_device: "Choose a NETIO power strip in the card's settings.",
		device_missing: "The NETIO power strip of this card was not found.",
		no_outputs: "This power strip has no outputs to show.",
		hold_hint: "Tap to switch, hold to power-cycle"
	},
	editor: {
		device: "Power strip",
		choose: "Choose…",
		title: "Title (optional)",
		show_power: "Show power",
		show_energy: "Show energy today",
		no_devices: "No NETIO power strip was found."
	},
	rules: {
		tab: "Rules",
		intro: "Paste a NETIO rule document (the JSON of the device's Rules page) or read the rules from the device; the preview shows what each rule becomes before anything is created.",
		device: "Power strip",
		json: "Rule JSON",
		from_device: "Read the rules from the device (needs its configuration access)",
		preview: "Preview",
		create: "Create automations",
		invalid: "The document cannot be imported:",
		rule: "Rule",
		outcome: "Result",
		automation: "Automation",
		warnings: "Warnings",
		untranslatable: "Not translated",
		created: "Created {count} automations.",
		schedules_created: "Schedule helpers created: {names}",
		open: "Open in the automation editor",
		empty: "Paste rule JSON or choose to read it from the device.",
		yaml: "Automations (YAML)",
		none: "—",
		imported: "Automations made by the import",
		no_imported: "No automation was imported from NETIO rules yet.",
		export: "Export to NETIO JSON",
		exported: "NETIO rule JSON of {name}: paste it on the device's Rules page."
	},
	schedules: {
		tab: "Schedules",
		intro: "The weekly schedules NETIO rules follow: schedule helpers named \"NETIO …\", made by the rule import. Edit them under Settings → Devices & services → Helpers.",
		none: "No NETIO schedule yet. Importing rules that use a schedule creates one.",
		failed: "The schedules could not be read: {error}",
		days: {
			monday: "Mon",
			tuesday: "Tue",
			wednesday: "Wed",
			thursday: "Thu",
			friday: "Fri",
			saturday: "Sat",
			sunday: "Sun"
		}
	},
	watchdogs: {
		tab: "Watchdogs",
		intro: "Each watchdog checks a host behind an output and power-cycles the output when the host stops answering. Add, change or remove watchdogs on the NETIO integration's page (each device's entry → Add watchdog).",
		manage: "Manage watchdogs",
		none: "No watchdog is set up.",
		device: "Device",
		output: "Output",
		target: "Checks",
		state: "State",
		restarts: "Restarts",
		last_restart: "Last restart",
		enabled: "Enabled",
		problem: "Problem",
		ok: "OK",
		never: "never",
		hint: "To try one: make its target stop answering (for the demo, stop the simulated host); after the configured failed checks the output is power-cycled and Restarts counts up."
	}
}, ke = {
	en: Y,
	cs: De,
	de: Oe
};
function Ae(e, t) {
	let n = e;
	for (let e of t.split(".")) {
		if (typeof n != "object" || !n) return;
		n = n[e];
	}
	return typeof n == "string" ? n : void 0;
}
function je(e) {
	let t = (e ?? "en").toLowerCase().split(/[-_]/)[0];
	return t in ke ? t : "en";
}
function Me(e) {
	let t = ke[je(e)];
	return (e, n) => (Ae(t, e) ?? Ae(Y, e) ?? e).replace(/\{(\w+)\}/g, (e, t) => n && t in n ? String(n[t]) : e);
}
// src/common/styles.ts
var Ne = o`
  .switch {
    position: relative;
    flex: none;
    width: 40px;
    height: 22px;
    border-radius: 11px;
    border: none;
    padding: 0;
    cursor: pointer;
    background: var(--switch-unchecked-track-color, var(--disabled-color, #9e9e9e));
    transition: background 0.15s;
  }
  .switch::after {
    content: "";
    position: absolute;
    top: 3px;
    left: 3px;
    width: 16px;
    height: 16px;
    border-radius: 50%;
    background: var(--switch-unchecked-button-color, #fff);
    transition: transform 0.15s;
  }
  .switch[aria-checked="true"] {
    background: var(--switch-checked-track-color, var(--primary-color));
  }
  .switch[aria-checked="true"]::after {
    transform: translateX(18px);
    background: var(--switch-checked-button-color, #fff);
  }
  .switch[aria-checked="mixed"] {
    opacity: 0.6;
  }
  .switch:disabled {
    cursor: default;
    opacity: 0.4;
  }
  .switch:focus-visible,
  button:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .text-button {
    font: inherit;
    border: 1px solid var(--divider-color);
    border-radius: 16px;
    padding: 4px 12px;
    background: transparent;
    color: var(--primary-color);
    cursor: pointer;
  }
  .text-button:disabled {
    color: var(--disabled-text-color, #9e9e9e);
    cursor: default;
  }
  .error {
    color: var(--error-color, #db4437);
  }
`;
// src/card/model.ts
function X(e, t) {
	if (!t) return null;
	let n = e.states[t];
	if (!n) return null;
	let r = Number(n.state);
	return n.state === "" || Number.isNaN(r) ? null : r;
}
function Pe(e, t) {
	let n = /* @__PURE__ */ new Map();
	for (let r of Object.values(e.entities ?? {})) {
		if (r.device_id !== t || r.platform !== "netio") continue;
		let e = r.entity_id.split(".")[0];
		n.set(`${e}:${r.translation_key ?? ""}`, r.entity_id);
	}
	return n;
}
function Fe(e) {
	let t = new Set(Object.values(e.entities ?? {}).filter((e) => e.platform === "netio" && e.device_id).map((e) => e.device_id));
	return [...new Set(Object.values(e.devices ?? {}).filter((e) => e.via_device_id && t.has(e.id)).map((e) => e.via_device_id))].filter((t) => e.devices[t]).map((t) => ({
		id: t,
		name: e.devices[t].name_by_user || e.devices[t].name || t
	})).sort((e, t) => e.name.localeCompare(t.name));
}
function Z(e, t) {
	let n = e.devices?.[t];
	if (!n) return;
	let r = Pe(e, t), i = Object.values(e.devices).filter((e) => e.via_device_id === t).map((t) => {
		let n = Pe(e, t.id);
		return {
			device: t,
			entities: n,
			switchId: n.get("switch:") ?? n.get("switch:output")
		};
	}).filter((e) => e.switchId !== void 0).map(({ device: t, entities: n, switchId: r }) => {
		let i = e.states[r], a = Number(/_(\d+)$/.exec(t.identifiers?.[0]?.[1] ?? "")?.[1]);
		return {
			entityId: r,
			name: t.name_by_user || t.name || i?.attributes.friendly_name || r,
			state: !i || i.state === "unavailable" || i.state === "unknown" ? null : i.state === "on",
			available: !!i && i.state !== "unavailable",
			powerW: X(e, n.get("sensor:power")),
			critical: i?.attributes.critical === !0,
			pulseS: X(e, n.get("sensor:pulse_duration")),
			outputId: Number.isNaN(a) ? void 0 : a
		};
	});
	i.sort((e, t) => (e.outputId ?? 0) - (t.outputId ?? 0) || e.name.localeCompare(t.name));
	let a = r.get("sensor:total_power"), o = i.some((e) => e.powerW !== null) ? i.reduce((e, t) => e + (t.powerW ?? 0), 0) : null;
	return {
		name: n.name_by_user || n.name || t,
		tiles: i,
		totalPowerW: X(e, a) ?? o,
		totalPowerEntity: a,
		totalEnergyEntity: r.get("sensor:total_energy")
	};
}
// src/card/netio-outlets-card-editor.ts
var Ie = class extends W {
	static {
		this.properties = {
			hass: { attribute: !1 },
			_config: { state: !0 }
		};
	}
	setConfig(e) {
		this._config = e;
	}
	_change(e) {
		let t = {
			...this._config,
			...e
		};
		for (let n of Object.keys(e)) (t[n] === "" || t[n] === void 0) && delete t[n];
		this._config = t, this.dispatchEvent(new CustomEvent("config-changed", {
			detail: { config: t },
			bubbles: !0,
			composed: !0
		}));
	}
	render() {
		if (!this.hass || !this._config) return N``;
		let e = Me(this.hass.language), t = Fe(this.hass);
		return N`
      <label for="device">${e("editor.device")}</label>
      ${t.length ? N`<select
            id="device"
            @change=${(e) => this._change({ device: e.target.value })}
          >
            <option value="" ?selected=${!this._config.device}>${e("editor.choose")}</option>
            ${t.map((e) => N`<option value=${e.id} ?selected=${e.id === this._config?.device}>${e.name}</option>`)}
          </select>` : N`<p>${e("editor.no_devices")}</p>`}
      <label for="title">${e("editor.title")}</label>
      <input
        id="title"
        type="text"
        .value=${this._config.title ?? ""}
        @change=${(e) => this._change({ title: e.target.value })}
      />
      <label class="check">
        <input
          type="checkbox"
          .checked=${this._config.show_power !== !1}
          @change=${(e) => this._change({ show_power: e.target.checked })}
        />
        ${e("editor.show_power")}
      </label>
      <label class="check">
        <input
          type="checkbox"
          .checked=${this._config.show_energy !== !1}
          @change=${(e) => this._change({ show_energy: e.target.checked })}
        />
        ${e("editor.show_energy")}
      </label>
    `;
	}
	static {
		this.styles = o`
    :host {
      display: flex;
      flex-direction: column;
      gap: 4px;
      color: var(--primary-text-color);
    }
    label {
      margin-top: 8px;
      color: var(--secondary-text-color);
    }
    select,
    input[type="text"] {
      font: inherit;
      padding: 8px;
      border-radius: 6px;
      border: 1px solid var(--divider-color);
      background: var(--card-background-color, transparent);
      color: var(--primary-text-color);
    }
    label.check {
      display: flex;
      align-items: center;
      gap: 8px;
      color: var(--primary-text-color);
    }
    input[type="checkbox"] {
      width: 18px;
      height: 18px;
      accent-color: var(--primary-color);
    }
  `;
	}
};
customElements.get("netio-outlets-card-editor") || customElements.define("netio-outlets-card-editor", Ie);
// src/card/netio-outlets-card.ts
var Q = "netio-outlets-card", Le = 600, Re = 6e4, ze = class extends W {
	static {
		this.properties = {
			hass: { attribute: !1 },
			_config: { state: !0 },
			_pending: { state: !0 },
			_error: { state: !0 },
			_energyTodayWh: { state: !0 }
		};
	}
	constructor() {
		super(), this._energyFetchedAt = 0, this._held = !1, this._pending = /* @__PURE__ */ new Map(), this._energyTodayWh = null;
	}
	static getConfigElement() {
		return document.createElement("netio-outlets-card-editor");
	}
	static getStubConfig(e) {
		let t = Fe(e)[0];
		return {
			type: `custom:${Q}`,
			...t ? { device: t.id } : {}
		};
	}
	setConfig(e) {
		if (!e || typeof e != "object") throw Error("Invalid configuration");
		if (e.device !== void 0 && typeof e.device != "string") throw Error("device must be a device ID");
		this._config = {
			show_power: !0,
			show_energy: !0,
			...e
		};
	}
	getCardSize() {
		let e = this._config?.device && this.hass ? Z(this.hass, this._config.device)?.tiles.length ?? 0 : 0;
		return 1 + Math.ceil(e / 2);
	}
	getGridOptions() {
		return {
			columns: 12,
			min_columns: 6
		};
	}
	get _t() {
		return Me(this.hass?.language);
	}
	willUpdate(e) {
		if (e.has("hass") && this.hass && this._config?.device) {
			if (this._pending.size) {
				let e = new Map(this._pending);
				for (let [t, n] of e) {
					let r = this.hass.states[t]?.state;
					r === "on" === n && (r === "on" || r === "off") && e.delete(t);
				}
				e.size !== this._pending.size && (this._pending = e);
			}
			this._maybeFetchEnergy();
		}
	}
	_maybeFetchEnergy() {
		if (this._config?.show_energy === !1) return;
		let e = Z(this.hass, this._config?.device ?? "")?.totalEnergyEntity;
		if (!e) return;
		let t = Date.now();
		if (e === this._energyEntity && t - this._energyFetchedAt < Re) return;
		this._energyEntity = e, this._energyFetchedAt = t;
		let n = String(this.hass.states[e]?.attributes.unit_of_measurement ?? "Wh");
		this.hass.callWS({
			type: "recorder/statistic_during_period",
			statistic_id: e,
			calendar: { period: "day" },
			types: ["change"]
		}).then((e) => {
			let t = e?.change;
			this._energyTodayWh = t == null ? null : n === "kWh" ? t * 1e3 : t;
		}).catch(() => {
			this._energyTodayWh = null;
		});
	}
	get _confirm() {
		return this.renderRoot.querySelector("netio-confirm");
	}
	_target(e) {
		return {
			entityId: e.entityId,
			critical: e.critical,
			deviceId: this._config?.device,
			outputId: e.outputId
		};
	}
	async _toggle(e) {
		if (!e.available) return;
		let t = !(this._pending.get(e.entityId) ?? e.state), n = this._target(e), r = this._t;
		if (!Ce(n, t) || await this._confirm.ask(r("confirm.off_title", { name: e.name }), r("confirm.off_text", { name: e.name }), r("confirm.off"), r("confirm.cancel"))) {
			this._pending = new Map(this._pending).set(e.entityId, t), this._error = void 0;
			try {
				await xe(this.hass, n, t);
			} catch (t) {
				let n = new Map(this._pending);
				n.delete(e.entityId), this._pending = n, this._error = q(t);
			}
		}
	}
	async _cycle(e) {
		if (!e.available) return;
		let t = this._t;
		if (!e.critical || await this._confirm.ask(t("confirm.cycle_title", { name: e.name }), t("confirm.cycle_text_critical", {
			name: e.name,
			seconds: e.pulseS ?? "—"
		}), t("confirm.cycle"), t("confirm.cancel"))) {
			this._error = void 0;
			try {
				await Se(this.hass, this._target(e));
			} catch (e) {
				this._error = q(e);
			}
		}
	}
	_pointerDown(e) {
		this._held = !1, window.clearTimeout(this._holdTimer), this._holdTimer = window.setTimeout(() => {
			this._held = !0, this._cycle(e);
		}, Le);
	}
	_pointerUp() {
		window.clearTimeout(this._holdTimer);
	}
	_click(e) {
		this._held ? this._held = !1 : this._toggle(e);
	}
	render() {
		if (!this._config || !this.hass) return F;
		let e = this._t;
		if (!this._config.device) return this._frame(N`<p class="message">${e("card.no_device")}</p>`);
		let t = Z(this.hass, this._config.device);
		if (!t) return this._frame(N`<p class="message">${e("card.device_missing")}</p>`);
		let n = this.hass.language, r = this._config.show_power !== !1;
		return this._frame(N`
      <div class="header">
        <h2>${this._config.title || t.name}</h2>
        <div class="totals">
          ${r ? N`<button
                class="total"
                @click=${() => t.totalPowerEntity && J(this, t.totalPowerEntity)}
              >
                <span class="label">${e("card.total_power")}</span>
                <span class="value">${K(t.totalPowerW, n)}</span>
              </button>` : F}
          ${this._config.show_energy !== !1 && t.totalEnergyEntity ? N`<button class="total" @click=${() => J(this, t.totalEnergyEntity)}>
                <span class="label">${e("card.energy_today")}</span>
                <span class="value energy-today">${Te(this._energyTodayWh, n)}</span>
              </button>` : F}
        </div>
      </div>
      ${this._error ? N`<p class="error" role="alert">${this._error}</p>` : F}
      ${t.tiles.length ? N`<div class="tiles" title=${e("card.hold_hint")}>
            ${t.tiles.map((e) => this._renderTile(e, t.totalPowerW, r))}
          </div>` : N`<p class="message">${e("card.no_outputs")}</p>`}
    `);
	}
	_frame(e) {
		return N`<div class="card">${e}</div>
      <netio-confirm></netio-confirm>`;
	}
	_renderTile(e, t, n) {
		let r = this._t, i = this.hass.language, a = this._pending.has(e.entityId) ? this._pending.get(e.entityId) : e.state, o = Ee(e.powerW, t);
		return N`<div class="tile ${a ? "on" : ""} ${e.available ? "" : "unavailable"}" data-entity=${e.entityId}>
      <button
        class="main"
        role="switch"
        aria-checked=${a === null ? "mixed" : String(a)}
        aria-busy=${String(this._pending.has(e.entityId))}
        aria-label=${r("output.switch", { name: e.name })}
        ?disabled=${!e.available}
        @pointerdown=${() => this._pointerDown(e)}
        @pointerup=${() => this._pointerUp()}
        @pointerleave=${() => this._pointerUp()}
        @pointercancel=${() => this._pointerUp()}
        @contextmenu=${(e) => e.preventDefault()}
        @click=${() => this._click(e)}
      >
        <span class="name">${e.name}${e.critical ? N`<span class="critical" title=${r("output.critical")}>!</span>` : F}</span>
        <span class="state">${r(a === null ? "output.unknown" : a ? "output.on" : "output.off")}${n && e.powerW !== null ? N` · ${K(e.powerW, i)}` : F}</span>
        ${n ? N`<span class="bar" aria-hidden="true"><span style="width:${o.toFixed(1)}%"></span></span>` : F}
      </button>
      <button
        class="cycle"
        aria-label=${r("output.power_cycle_name", { name: e.name })}
        title=${r("output.power_cycle")}
        ?disabled=${!e.available}
        @click=${() => this._cycle(e)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12,4C14.1,4 16.1,4.8 17.6,6.3C20.7,9.4 20.7,14.5 17.6,17.6C15.8,19.5 13.3,20.2 10.9,19.9L11.4,17.9C13.1,18.1 14.9,17.5 16.2,16.2C18.5,13.9 18.5,10.1 16.2,7.7C15.1,6.6 13.5,6 12,6V10.6L7,5.6L12,0.6V4M6.3,17.6C3.7,15 3.3,11 5.1,7.9L6.6,9.4C5.5,11.6 5.9,14.4 7.8,16.2C8.3,16.7 8.9,17.1 9.6,17.4L9,19.4C8,19 7.1,18.4 6.3,17.6Z" />
        </svg>
      </button>
    </div>`;
	}
	static {
		this.styles = [Ne, o`
      :host {
        display: block;
      }
      .card {
        background: var(--ha-card-background, var(--card-background-color, #fff));
        border-radius: var(--ha-card-border-radius, 12px);
        border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
        box-shadow: var(--ha-card-box-shadow, none);
        color: var(--primary-text-color);
        padding: 12px;
        box-sizing: border-box;
        height: 100%;
      }
      .header {
        display: flex;
        align-items: flex-start;
        justify-content: space-between;
        gap: 8px;
        flex-wrap: wrap;
        margin-bottom: 10px;
      }
      h2 {
        margin: 0;
        font-size: 18px;
        font-weight: 500;
        line-height: 1.3;
      }
      .totals {
        display: flex;
        gap: 14px;
      }
      button {
        font: inherit;
        color: inherit;
      }
      .total {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        background: none;
        border: none;
        padding: 0;
        cursor: pointer;
      }
      .label {
        font-size: 12px;
        color: var(--secondary-text-color);
      }
      .value {
        font-size: 16px;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
        gap: 8px;
      }
      .tile {
        position: relative;
        border-radius: 10px;
        border: 1px solid var(--divider-color, #e0e0e0);
        background: var(--secondary-background-color, transparent);
        min-width: 0;
      }
      .tile.on {
        border-color: var(--state-switch-on-color, var(--primary-color));
        background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.08);
      }
      .tile.unavailable {
        opacity: 0.5;
      }
      .main {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 4px;
        width: 100%;
        min-height: 72px;
        padding: 10px 38px 10px 10px;
        border: none;
        background: none;
        text-align: start;
        cursor: pointer;
        border-radius: 10px;
        box-sizing: border-box;
        user-select: none;
        -webkit-user-select: none;
        touch-action: manipulation;
      }
      .main:disabled {
        cursor: default;
      }
      .name {
        font-weight: 500;
        max-width: 100%;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .state {
        font-size: 13px;
        color: var(--secondary-text-color);
      }
      .tile.on .state {
        color: var(--primary-text-color);
      }
      .critical {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 16px;
        height: 16px;
        margin-inline-start: 6px;
        border-radius: 50%;
        background: var(--warning-color, #ffa600);
        color: var(--text-primary-color, #fff);
        font-size: 11px;
        font-weight: 700;
        vertical-align: 1px;
      }
      .bar {
        display: block;
        width: 100%;
        height: 4px;
        border-radius: 2px;
        background: var(--divider-color, #e0e0e0);
        overflow: hidden;
      }
      .bar span {
        display: block;
        height: 100%;
        background: var(--primary-color);
        transition: width 0.3s;
      }
      .cycle {
        position: absolute;
        top: 6px;
        inset-inline-end: 4px;
        width: 32px;
        height: 32px;
        border: none;
        border-radius: 50%;
        background: none;
        cursor: pointer;
        color: var(--secondary-text-color);
        display: inline-flex;
        align-items: center;
        justify-content: center;
        padding: 0;
      }
      .cycle svg {
        width: 18px;
        height: 18px;
        fill: currentColor;
      }
      .cycle:disabled {
        cursor: default;
      }
      .message {
        color: var(--secondary-text-color);
        margin: 4px 0;
      }
      .error {
        margin: 0 0 8px;
      }
      @media (max-width: 450px) {
        .tiles {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
    `];
	}
};
customElements.get("netio-outlets-card") || customElements.define(Q, ze);
var $ = window;
$.customCards = $.customCards ?? [], $.customCards.some((e) => e.type === "netio-outlets-card") || $.customCards.push({
	type: Q,
	name: "NETIO outlets",
	description: "The outputs of a NETIO power strip: switch, power-cycle, power and energy.",
	preview: !0,
	documentationURL: "https://github.com/netio-home-assistant/netio#the-dashboard-card"
});
export { Q as CARD_TYPE, ze as NetioOutletsCard };
